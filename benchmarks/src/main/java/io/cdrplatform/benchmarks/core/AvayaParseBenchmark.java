package io.cdrplatform.benchmarks.core;

import io.cdrplatform.core.avaya.AvayaCallEvents;
import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.avaya.CdrField;
import io.cdrplatform.core.avaya.FixedLayout;
import io.cdrplatform.core.avaya.LineFramer;
import io.cdrplatform.core.avaya.RecordLayout;
import io.cdrplatform.core.avaya.RecordLayouts;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Avaya lines per second: bytes -> framed lines -> parsed records (-> event JSON), against a naive
 * parser that splits each line with a regex and parses dates with a formatter built per line; and
 * {@link #frameAndParseLayout} per record layout (the seed's, CM standard formats, a customized
 * record), each against the seed layout's figure in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AvayaParseBenchmark {

    static final int LINES = 10_000;

    private byte[] stream;
    private String[] lines;
    private final AvayaRecordParser parser = new AvayaRecordParser(ZoneOffset.UTC);
    private final CallEventCodec codec = new CallEventCodec();

    @Setup
    public void setUp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines = new String[LINES];
        for (int i = 0; i < LINES; i++) {
            lines[i] = seedLine(i);
            if (!(parser.parse(lines[i]) instanceof AvayaParseResult.Parsed)) {
                throw new IllegalStateException("benchmark line does not parse: " + lines[i]);
            }
            out.writeBytes((lines[i] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        stream = out.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void frameAndParse(Blackhole blackhole) {
        LineFramer framer = new LineFramer(512);
        framer.feed(stream, frame -> blackhole.consume(parser.parse(((LineFramer.Frame.Line) frame).text())));
    }

    /** Lines of one layout, framed from one CRLF stream and parsed with that layout's parser. */
    @State(Scope.Benchmark)
    public static class Layout {

        /** A customized record as a contact centre might set it up (sec-dur, VDN, authorization code). */
        static final String CUSTOMIZED = "date,6;space,1;time,4;space,1;sec-dur,5;space,1;cond-code,1;space,1;"
                + "code-dial,4;space,1;code-used,4;space,1;in-trk-code,4;space,1;dialed-num,18;space,1;"
                + "calling-num,11;space,1;auth-code,8;space,1;acct-code,4;space,1;in-crt-id,3;space,1;"
                + "out-crt-id,3;space,1;vdn,5;space,1;frl,1;return,1;line-feed,1";

        @Param({"seed", "teleseer", "int-isdn", "customized"})
        public String layout;

        byte[] stream;
        AvayaRecordParser parser;
        final LocalDate date = LocalDate.of(2025, 9, 17);

        @Setup
        public void setUp() {
            RecordLayout chosen = layout.equals("customized")
                    ? FixedLayout.customized(CUSTOMIZED, RecordLayout.DateOrder.MONTH_DAY)
                    : RecordLayouts.byName(layout).orElseThrow();
            parser = new AvayaRecordParser(chosen, ZoneOffset.UTC, "");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < LINES; i++) {
                String line = chosen instanceof FixedLayout fixed ? render(fixed, i) : seedLine(i);
                if (!(parser.parse(line, date) instanceof AvayaParseResult.Parsed)) {
                    throw new IllegalStateException("benchmark line does not parse: " + line);
                }
                out.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            stream = out.toByteArray();
        }

        private static String render(FixedLayout layout, int i) {
            Map<CdrField, String> values = new EnumMap<>(CdrField.class);
            values.put(CdrField.DATE, String.format("09%02d25", 1 + i % 28));
            values.put(CdrField.TIME, String.format("%02d%02d", i % 24, i % 60));
            values.put(CdrField.DURATION, String.format("%d%02d%d", i % 3, i % 60, i % 10));
            values.put(CdrField.SEC_DUR, Integer.toString(i % 20_000));
            values.put(CdrField.COND_CODE, i % 7 == 0 ? "H" : "9");
            values.put(CdrField.CODE_DIAL, "9");
            values.put(CdrField.CODE_USED, "701");
            values.put(CdrField.IN_TRK_CODE, "702");
            values.put(CdrField.DIALED_NUM, Integer.toString(8_000_000 + i * 7));
            values.put(CdrField.CALLING_NUM, Integer.toString(3000 + i % 700));
            values.put(CdrField.AUTH_CODE, "1234567");
            values.put(CdrField.ACCT_CODE, "4711");
            values.put(CdrField.IN_CRT_ID, "012");
            values.put(CdrField.OUT_CRT_ID, "003");
            values.put(CdrField.VDN, "5001");
            values.put(CdrField.FRL, "1");
            values.put(CdrField.PPM, "00042");
            return layout.render(values);
        }
    }

    static String seedLine(int i) {
        return String.format("%02d0925 %02d%02d %d%02d%02d                    %d 0                %d",
                1 + i % 28, i % 24, i % 60, i % 3, i % 60, i * 7 % 60, 2000 + i % 900, 3000 + i % 700);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void frameAndParseLayout(Layout state, Blackhole blackhole) {
        LineFramer framer = new LineFramer(512);
        framer.feed(state.stream, frame -> blackhole.consume(
                state.parser.parse(((LineFramer.Frame.Line) frame).text(), state.date)));
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void frameParseAndEncodeEvent(Blackhole blackhole) {
        LineFramer framer = new LineFramer(512);
        framer.feed(stream, frame -> {
            AvayaParseResult result = parser.parse(((LineFramer.Frame.Line) frame).text());
            CallEvent event = AvayaCallEvents.toCallEnded(((AvayaParseResult.Parsed) result).record(), "avaya");
            blackhole.consume(codec.write(event));
        });
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void naiveSplitAndFormatterPerLine(Blackhole blackhole) {
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            LocalDateTime end = LocalDateTime.parse(fields[0] + fields[1], DateTimeFormatter.ofPattern("ddMMyyHHmm"));
            int hms = Integer.parseInt(fields[2]);
            long duration = hms / 10000 * 3600L + hms / 100 % 100 * 60L + hms % 100;
            String id = UUID.nameUUIDFromBytes(line.getBytes(StandardCharsets.UTF_8)).toString();
            blackhole.consume(end.toInstant(ZoneOffset.UTC).minusSeconds(duration));
            blackhole.consume(id);
            blackhole.consume(fields[3] + fields[4] + fields[5]);
        }
    }
}
