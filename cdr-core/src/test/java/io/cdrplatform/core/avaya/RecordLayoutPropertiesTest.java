package io.cdrplatform.core.avaya;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RecordLayoutPropertiesTest {

    private static final String CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*#";

    @Provide
    Arbitrary<FixedLayout> layouts() {
        return Arbitraries.of(RecordLayouts.TELESEER, RecordLayouts.ISDN_TELESEER, RecordLayouts.PRINTER,
                RecordLayouts.EXPANDED, RecordLayouts.INT_ISDN,
                FixedLayout.customized(RecordLayoutsTest.CUSTOM_SPEC, RecordLayout.DateOrder.MONTH_DAY),
                FixedLayout.customized(RecordLayoutsTest.CUSTOM_SPEC, RecordLayout.DateOrder.DAY_MONTH),
                FixedLayout.customized("time,4;space,2;duration,4;cond-code,1;dialed-num,23;vdn,7;ucid,20;"
                        + "bandwidth,2;ppm,5;isdn-cc,11;tsc_ct,4;tsc_flag,1;attd-console,2;clg-num/in-tac,10",
                        RecordLayout.DateOrder.MONTH_DAY));
    }

    @Property(tries = 500)
    void anyRecordOfALayoutRenderedAndReadAgainGivesTheSameFields(@ForAll("layouts") FixedLayout layout,
                                                                  @ForAll long seed) {
        Random random = new Random(seed);
        Map<CdrField, String> values = new EnumMap<>(CdrField.class);
        Map<CdrField, Integer> widths = new EnumMap<>(CdrField.class);
        for (FixedLayout.Slot slot : layout.slots()) {
            widths.merge(slot.field(), slot.length(), Integer::sum);
        }
        LocalDate date = LocalDate.of(2000 + random.nextInt(100), 1 + random.nextInt(12), 1 + random.nextInt(28));
        widths.forEach((field, width) -> {
            switch (field.kind()) {
                case DATE -> values.put(field, layout.dateOrder() == RecordLayout.DateOrder.MONTH_DAY
                        ? String.format("%02d%02d%02d", date.getMonthValue(), date.getDayOfMonth(), date.getYear() % 100)
                        : String.format("%02d%02d%02d", date.getDayOfMonth(), date.getMonthValue(), date.getYear() % 100));
                case TIME -> values.put(field, String.format("%02d%02d", random.nextInt(24), random.nextInt(60)));
                case DURATION_TENTHS -> values.put(field, random.nextInt(20) == 0 ? "9999"
                        : String.format("%d%02d%d", random.nextInt(10), random.nextInt(60), random.nextInt(10)));
                case DURATION_SECONDS -> values.put(field, Integer.toString(random.nextInt(99_999)));
                case TEXT, SECRET -> {
                    if (field == CdrField.COND_CODE || random.nextInt(4) > 0) {
                        int length = 1 + random.nextInt(width);
                        StringBuilder value = new StringBuilder();
                        // a condition code is a digit or a letter
                        int alphabet = field == CdrField.COND_CODE ? 36 : CHARS.length();
                        for (int i = 0; i < length; i++) {
                            value.append(CHARS.charAt(random.nextInt(alphabet)));
                        }
                        values.put(field, value.toString());
                    }
                }
                default -> {
                }
            }
        });
        String line = layout.render(values);

        AvayaParseResult result = new AvayaRecordParser(layout, ZoneOffset.UTC, "").parse(line, date);

        assertThat(result).as(line).isInstanceOf(AvayaParseResult.Parsed.class);
        AvayaRecord record = ((AvayaParseResult.Parsed) result).record();
        Map<CdrField, String> expected = new EnumMap<>(CdrField.class);
        values.forEach((field, value) -> {
            if (field.isText()) {
                expected.put(field, value);
            }
        });
        assertThat(record.fields()).isEqualTo(expected);
        assertThat(record.endDate()).isEqualTo(date);
        assertThat(record.durationKnown()).isEqualTo(!"9999".equals(values.get(CdrField.DURATION)));
        for (FixedLayout.Slot slot : layout.slots()) {
            if (slot.field() == CdrField.AUTH_CODE) {
                assertThat(record.rawLine().substring(slot.start(), slot.start() + slot.length())).matches("[* ]*");
            }
        }
        assertThat(new AvayaRecordParser(layout, ZoneOffset.UTC, "").parse(record.rawLine(), date))
                .isInstanceOfSatisfying(AvayaParseResult.Parsed.class,
                        again -> assertThat(again.record().callId()).isEqualTo(record.callId()));
    }

    @Property(tries = 300)
    void randomBytesNeverThrowPastFramingAndParsing(@ForAll @Size(max = 600) byte[] bytes,
                                                    @ForAll @IntRange(min = 1, max = 97) int split) {
        List<String> lines = new ArrayList<>();
        LineFramer framer = new LineFramer(256);
        for (int from = 0; from < bytes.length; from += split) {
            framer.feed(bytes, from, Math.min(split, bytes.length - from), frame -> {
                if (frame instanceof LineFramer.Frame.Line line) {
                    lines.add(line.text());
                }
            });
        }
        framer.finish(frame -> {
            if (frame instanceof LineFramer.Frame.Line line) {
                lines.add(line.text());
            }
        });
        List<RecordLayout> layouts = new ArrayList<>(RecordLayouts.named());
        layouts.add(FixedLayout.customized(RecordLayoutsTest.CUSTOM_SPEC, RecordLayout.DateOrder.MONTH_DAY));
        for (String line : lines) {
            for (RecordLayout layout : layouts) {
                AvayaParseResult result = new AvayaRecordParser(layout, ZoneOffset.UTC, "p").parse(line,
                        LocalDate.of(2025, 1, 1));
                assertThat(result).isNotNull();
                assertThat(layout.mask(line)).hasSize(line.length());
            }
        }
    }
}
