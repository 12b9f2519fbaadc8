package io.cdrplatform.bridge.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.bridge.Fixtures;
import io.cdrplatform.bridge.records.PbxSite;
import io.cdrplatform.bridge.records.RecordSetup;
import io.cdrplatform.bridge.records.SpooledRecord;
import io.cdrplatform.bridge.rejected.RejectedLinesFile;
import io.cdrplatform.bridge.spool.SpoolEntry;
import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.CdrField;
import io.cdrplatform.core.avaya.RecordLayout;
import io.cdrplatform.core.avaya.RecordLayouts;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoding stage per layout over framing, with Netty's EmbeddedChannel: records written at
 * CM's documented positions, NUL-padded, CR/LF-terminated, split across segments and merged.
 */
class SiteDecoderTest {

    static final Instant NOW = Instant.parse("2025-09-17T16:00:00Z");
    static final String CUSTOM = "date,6;space,1;time,4;space,1;sec-dur,5;space,1;cond-code,1;space,1;code-dial,4;"
            + "space,1;code-used,4;space,1;in-trk-code,4;space,1;dialed-num,18;space,1;calling-num,11;space,1;"
            + "auth-code,8;space,1;acct-code,4;space,1;in-crt-id,3;space,1;out-crt-id,3;space,1;vdn,5;space,1;frl,1;"
            + "return,1;line-feed,1";

    @TempDir
    Path dir;

    /** {@code length} spaces with values at 1-based positions. */
    static String line(int length, Object... positionsAndValues) {
        char[] chars = " ".repeat(length).toCharArray();
        for (int i = 0; i < positionsAndValues.length; i += 2) {
            String value = (String) positionsAndValues[i + 1];
            value.getChars(0, value.length(), chars, (Integer) positionsAndValues[i] - 1);
        }
        return new String(chars);
    }

    static String teleseer(String time, String duration, String code, String calling, String auth) {
        return line(76, 4, time, 8, duration, 12, code, 16, "701", 19, "0800123456", 34, calling, 55, "1",
                56, "012", 59, "003", 63, auth);
    }

    static String isdnTeleseer(String calling) {
        return line(76, 4, "1547", 8, "0029", 12, "9", 13, "288", 16, "702", 19, "5551234", 34, calling, 54, "3",
                55, "2", 70, "12");
    }

    static String intIsdn(String calling) {
        return line(131, 1, "1547", 6, "0010", 11, "A", 13, "9", 18, "701", 23, "0049301234", 39, calling, 66,
                "1111111", 76, "4", 78, "005", 120, "00042");
    }

    static String custom(String cond, String seconds, String calling, String time) {
        return line(95, 1, "091725", 8, time, 13, seconds, 19, cond, 31, "701", 36, "0800123456", 55, calling,
                67, "98765432", 76, "4711", 81, "012", 89, "5001", 95, "0");
    }

    private RecordSetup setup(String format) {
        return RecordSetup.of(ZoneId.of("UTC"), "avaya", format, null, null, null, null, 9000);
    }

    private EmbeddedChannel channel(SiteDecoder decoder) {
        return new EmbeddedChannel(new PbxFramingHandler(1024),
                new PbxDecodingHandler(decoder, 1024, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private static List<PbxLine> read(EmbeddedChannel channel) {
        List<PbxLine> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            out.add((PbxLine) msg);
        }
        return out;
    }

    private static AvayaRecord record(PbxLine line) {
        assertThat(line).isInstanceOf(PbxLine.Accepted.class);
        return (AvayaRecord) ((PbxLine.Accepted) line).spoolLine().attachment();
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed", "teleseer", "isdn-teleseer", "int-isdn", "custom"})
    void aRecordOfEachLayoutSplitAtEveryPointOrMergedIsReadTheSame(String format) {
        String text = switch (format) {
            case "seed" -> "170925 1547 00252                    2434 0                2432";
            case "teleseer" -> teleseer("1547", "0029", "A", "24321", "1234567");
            case "isdn-teleseer" -> isdnTeleseer("24321");
            case "int-isdn" -> intIsdn("24321");
            default -> custom("9", "00172", "24321", "1547");
        };
        String spec = format.equals("custom") ? CUSTOM : format;
        byte[] wire = ("\0\0" + text + "\r\n\0\0\0").getBytes(StandardCharsets.ISO_8859_1);
        SiteDecoder decoder = Fixtures.decoder(setup(spec), dir);
        EmbeddedChannel whole = channel(decoder);
        whole.writeInbound(Unpooled.wrappedBuffer(wire));
        AvayaRecord expected = record(read(whole).get(0));
        assertThat(expected.endTime().toString()).isEqualTo("15:47");
        assertThat(expected.endDate()).isEqualTo(LocalDate.of(2025, 9, 17));
        assertThat(expected.callingNumber()).isIn("24321", "2432");

        for (int cut = 1; cut < wire.length; cut++) {
            EmbeddedChannel split = channel(decoder);
            split.writeInbound(Unpooled.wrappedBuffer(wire, 0, cut));
            split.writeInbound(Unpooled.wrappedBuffer(wire, cut, wire.length - cut));
            List<PbxLine> lines = read(split);
            assertThat(lines).hasSize(1);
            assertThat(record(lines.get(0))).isEqualTo(expected);
        }
        EmbeddedChannel merged = channel(decoder);
        merged.writeInbound(Unpooled.wrappedBuffer((text + "\n" + text + "\r" + text + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(read(merged)).hasSize(3).allSatisfy(line -> assertThat(record(line)).isEqualTo(expected));
    }

    @Test
    void autoPicksTheOnlyLayoutEachSampleFitsAndLogsNoGuess() {
        for (String[] sample : new String[][] {
                {"170925 1547 00252                    2434 0                2432", "seed"},
                {isdnTeleseer("24321"), "isdn-teleseer"},
                {intIsdn("24321"), "int-isdn"}}) {
            SiteDecoder decoder = Fixtures.decoder(setup("auto"), dir);
            EmbeddedChannel channel = channel(decoder);
            channel.writeInbound(Unpooled.copiedBuffer(sample[0] + "\r\n", StandardCharsets.ISO_8859_1));

            assertThat(read(channel)).singleElement().isInstanceOf(PbxLine.Accepted.class);
            assertThat(decoder.layout().name()).isEqualTo(sample[1]);
        }
    }

    @Test
    void autoRefusesASampleThatFitsTwoLayoutsAndDecidesOnceOneLineTellsThemApart() {
        // TELESEER and ISDN TELESEER are both 76 characters; with blank INS positions a record fits both
        SiteDecoder decoder = Fixtures.decoder(setup("auto"), dir);
        EmbeddedChannel channel = channel(decoder);
        StringBuilder ambiguous = new StringBuilder();
        for (int i = 0; i < SiteDecoder.HOLD_WHILE_UNDECIDED + 3; i++) {
            ambiguous.append(teleseer("1547", "0029", "A", String.valueOf(20000 + i), "1234567")).append("\r\n");
        }
        channel.writeInbound(Unpooled.copiedBuffer(ambiguous, StandardCharsets.ISO_8859_1));

        List<PbxLine> refused = read(channel);
        assertThat(decoder.layout()).as("no guess").isNull();
        assertThat(refused).hasSize(3).allSatisfy(line -> {
            assertThat(line).isInstanceOfSatisfying(PbxLine.Rejected.class, rejected -> {
                assertThat(rejected.reason()).contains("teleseer").contains("isdn-teleseer")
                        .contains("PBX_RECORD_FORMAT");
                assertThat(rejected.text()).as("masked even undecided").doesNotContain("1234567");
            });
        });

        channel.writeInbound(Unpooled.copiedBuffer(isdnTeleseer("30000") + "\r\n", StandardCharsets.ISO_8859_1));
        List<PbxLine> decided = read(channel);
        assertThat(decoder.layout()).isEqualTo(RecordLayouts.ISDN_TELESEER);
        assertThat(decided).hasSize(SiteDecoder.HOLD_WHILE_UNDECIDED + 1)
                .allSatisfy(line -> assertThat(line).isInstanceOf(PbxLine.Accepted.class));
    }

    @Test
    void dateRecordsGiveTheDateOfTheRecordsThatFollow() {
        SiteDecoder decoder = Fixtures.decoder(setup("teleseer"), dir);
        EmbeddedChannel channel = channel(decoder);
        String record = teleseer("1547", "0029", "A", "24321", "");

        channel.writeInbound(Unpooled.copiedBuffer(record + "\r\n0916\r\n" + record + "\r\n",
                StandardCharsets.ISO_8859_1));

        List<PbxLine> lines = read(channel);
        assertThat(lines).hasSize(2);
        assertThat(record(lines.get(0)).endDate()).as("no date record yet: the day it arrived").isEqualTo(
                LocalDate.of(2025, 9, 17));
        assertThat(record(lines.get(1)).endDate()).isEqualTo(LocalDate.of(2025, 9, 16));
        assertThat(record(lines.get(1)).callId()).isNotEqualTo(record(lines.get(0)).callId());
        assertThat(((PbxLine.Accepted) lines.get(1)).spoolLine().context()).contains("d=2025-09-16");
        AvayaRecord late = record(decode(Fixtures.decoder(setup("teleseer"), dir),
                teleseer("2358", "0029", "A", "24321", "")));
        assertThat(late.endDate()).as("without a date record, a 23:58 record read at 16:00 is from the day before")
                .isEqualTo(LocalDate.of(2025, 9, 16));
    }

    @Test
    void rejectedLinesAreMaskedToo() {
        SiteDecoder decoder = Fixtures.decoder(setup("teleseer"), dir);
        PbxLine rejected = decode(decoder, teleseer("15x7", "0029", "A", "24321", "1234567"));
        assertThat(rejected).isInstanceOfSatisfying(PbxLine.Rejected.class,
                line -> assertThat(line.text()).doesNotContain("1234567").contains("*******"));
        List<Object> out = new ArrayList<>();
        new PbxDecodingHandler(decoder, 64, Clock.systemUTC()).decode(
                new UnterminatedLine(teleseer("1547", "0029", "A", "24321", "1234567").substring(0, 70)), out::add);
        assertThat(((PbxLine.Rejected) out.get(0)).text()).doesNotContain("1234567");
    }

    @Test
    void interimRecordsFoldIntoTheFinalRecordAndSurviveARestart() throws Exception {
        RecordSetup setup = setup(CUSTOM);
        SiteDecoder decoder = Fixtures.decoder(setup, dir);
        // a call from 00:00: interim records after 10 h (at 10:00, 35,994 s) and after 20 h would follow;
        // here one interim record, then the bridge restarts, then the final record at 14:00 (4 h more)
        PbxLine interim = decode(decoder, custom("4", "36000", "24321", "1000"));
        SiteDecoder restarted = Fixtures.decoder(setup, dir);
        PbxLine last = decode(restarted, custom("9", "14400", "24321", "1400"));

        AvayaRecord folded = record(last);
        assertThat(folded.interimRecords()).isEqualTo(1);
        assertThat(folded.durationSeconds()).isEqualTo(50_400);
        assertThat(folded.startedAt()).isEqualTo(Instant.parse("2025-09-17T00:00:00Z"));
        assertThat(setup.conditionCodes().ruleFor(record(interim)).isAttempt()).isFalse();
        assertThat(setup.conditionCodes().ruleFor(folded).isAttempt()).isTrue();

        // the sinks parse the spooled line again from its context (as after a restart) and get the same record
        PbxLine.Accepted accepted = (PbxLine.Accepted) last;
        try (RejectedLinesFile rejected = RejectedLinesFile.open(dir)) {
            List<SpooledRecord> spooled = Fixtures.spooled(setup, List.of(new SpoolEntry(7, NOW,
                    accepted.spoolLine().line(), accepted.spoolLine().context(), null)), rejected, n -> { });
            assertThat(spooled).singleElement().satisfies(r -> assertThat(r.record()).isEqualTo(folded));
        }
        assertThat(record(decode(restarted, custom("9", "14400", "24321", "1400"))).durationSeconds())
                .as("a resent final record folds the same way").isEqualTo(50_400);
    }

    @Test
    void twoPbxsSendingTheSameLineAreTwoCallsAndAResendIsTheSameCall() {
        RecordSetup setup = RecordSetup.of(ZoneId.of("UTC"), "avaya", "seed", null, null, null,
                "[{name: paris, port: 9001}]", 9000);
        PbxSite paris = setup.sites().get(1);
        String line = "170925 1547 00252                    2434 0                2432";

        String defaultId = ((PbxLine.Accepted) decode(Fixtures.decoder(setup, dir), line)).callId();
        String parisId = ((PbxLine.Accepted) decode(Fixtures.decoder(setup, paris, dir), line)).callId();
        String parisAgain = ((PbxLine.Accepted) decode(Fixtures.decoder(setup, paris, dir), "  " + line)).callId();

        assertThat(parisId).isNotEqualTo(defaultId).isEqualTo(parisAgain);
        assertThat(setup.siteFor(9001, null)).isEqualTo(paris);
        assertThat(setup.siteFor(9000, null).isDefault()).isTrue();
    }

    @Test
    void aCustomizedRecordCarriesEveryFieldButTheAuthorizationCode() {
        AvayaRecord record = record(decode(Fixtures.decoder(setup(CUSTOM), dir), custom("H", "00035", "24321", "1547")));
        assertThat(record.fields()).containsAllEntriesOf(Map.of(CdrField.VDN, "5001", CdrField.ACCT_CODE, "4711",
                CdrField.IN_TRK_CODE, "701", CdrField.COND_CODE, "H", CdrField.IN_CRT_ID, "012", CdrField.FRL, "0"));
        assertThat(record.rawLine()).doesNotContain("98765432");
        assertThat(record.layout()).startsWith("custom-");
        assertThat(RecordLayout.DateOrder.parse("day/month")).isEqualTo(RecordLayout.DateOrder.DAY_MONTH);
    }

    private static PbxLine decode(SiteDecoder decoder, String line) {
        List<PbxLine> out = new ArrayList<>();
        decoder.decode(line, NOW, "test", out::add);
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
