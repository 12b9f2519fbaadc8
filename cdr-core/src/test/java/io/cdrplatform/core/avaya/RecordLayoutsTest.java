package io.cdrplatform.core.avaya;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each layout read field for field from records written at the positions CM's tables give
 * (1-based, written here independently of the layouts' own slot tables).
 */
class RecordLayoutsTest {

    static final LocalDate DAY = LocalDate.of(2025, 9, 17);
    static final String CUSTOM_SPEC = "date,6;space,1;time,4;space,1;sec-dur,5;space,1;cond-code,1;space,1;"
            + "code-dial,4;space,1;code-used,4;space,1;in-trk-code,4;space,1;dialed-num,18;space,1;calling-num,11;"
            + "space,1;auth-code,8;space,1;acct-code,4;space,1;in-crt-id,3;space,1;out-crt-id,3;space,1;vdn,5;"
            + "space,1;frl,1;return,1;line-feed,1";

    /** A record of {@code length} spaces with values written at 1-based positions. */
    static final class Line {
        private final char[] chars;

        Line(int length) {
            chars = " ".repeat(length).toCharArray();
        }

        Line at(int position, String value) {
            value.getChars(0, value.length(), chars, position - 1);
            return this;
        }

        @Override
        public String toString() {
            return new String(chars);
        }
    }

    static AvayaRecord parse(RecordLayout layout, String line, LocalDate date) {
        AvayaParseResult result = new AvayaRecordParser(layout, ZoneOffset.UTC, "").parse(line, date);
        assertThat(result).as(line).isInstanceOf(AvayaParseResult.Parsed.class);
        return ((AvayaParseResult.Parsed) result).record();
    }

    static String reason(RecordLayout layout, String line) {
        AvayaParseResult result = new AvayaRecordParser(layout, ZoneOffset.UTC, "").parse(line, DAY);
        assertThat(result).as(line).isInstanceOf(AvayaParseResult.Unparseable.class);
        return ((AvayaParseResult.Unparseable) result).reason();
    }

    static String teleseer() {
        return new Line(76).at(4, "1547").at(8, "0029").at(12, "A").at(13, "9").at(16, "701").at(19, "0800123456")
                .at(34, "24321").at(39, "77").at(54, "5").at(55, "1").at(56, "012").at(59, "003").at(62, "1")
                .at(63, "1234567").toString();
    }

    @Test
    void teleseerIsReadFieldForFieldWithTheDateOfItsDateRecord() {
        AvayaRecord record = parse(RecordLayouts.TELESEER, teleseer(), DAY);

        assertThat(record.endedAt()).isEqualTo(Instant.parse("2025-09-17T15:47:00Z"));
        assertThat(record.durationSeconds()).as("0 h 02 min 9 tenths").isEqualTo(174);
        assertThat(record.startedAt()).isEqualTo(Instant.parse("2025-09-17T15:44:06Z"));
        assertThat(record.fields()).containsAllEntriesOf(Map.of(
                CdrField.COND_CODE, "A", CdrField.CODE_DIAL, "9", CdrField.CODE_USED, "701",
                CdrField.DIALED_NUM, "0800123456", CdrField.CALLING_NUM, "24321", CdrField.ACCT_CODE, "77",
                CdrField.FRL, "5", CdrField.IXC_CODE, "1", CdrField.IN_CRT_ID, "012", CdrField.OUT_CRT_ID, "003"))
                .containsEntry(CdrField.FEAT_FLAG, "1").hasSize(11);
        assertThat(record.layout()).isEqualTo("teleseer");
    }

    @Test
    void theAuthorizationCodeIsMaskedInTheRawLineAndNeverAField() {
        AvayaRecord record = parse(RecordLayouts.TELESEER, teleseer(), DAY);

        assertThat(record.rawLine()).doesNotContain("1234567").hasSize(76);
        assertThat(record.rawLine().substring(62, 69)).isEqualTo("*******");
        assertThat(record.fields()).doesNotContainKey(CdrField.AUTH_CODE).doesNotContainValue("1234567");
        assertThat(AvayaCallEvents.toCallEnded(record, "c").metadata().toString()).doesNotContain("1234567");
        assertThat(record.callId()).as("the masked line is the same record").isEqualTo(
                parse(RecordLayouts.TELESEER, record.rawLine(), DAY).callId());
    }

    @Test
    void isdnTeleseerJoinsItsSplitInsField() {
        String line = new Line(76).at(4, "0905").at(8, "1000").at(12, "9").at(13, "288").at(16, "702")
                .at(19, "5551234").at(34, "4000").at(54, "3").at(55, "2").at(56, "001").at(59, "002").at(62, "0")
                .at(70, "12").toString();
        AvayaRecord record = parse(RecordLayouts.ISDN_TELESEER, line, DAY);

        assertThat(record.durationSeconds()).isEqualTo(3600);
        assertThat(record.fields()).containsEntry(CdrField.INS, "123").containsEntry(CdrField.IXC_CODE, "288")
                .containsEntry(CdrField.FRL, "2").containsEntry(CdrField.CODE_USED, "702");
        assertThat(reason(RecordLayouts.TELESEER, line)).as("TELESEER has spaces at 70-76").contains("space");
    }

    @Test
    void printerReadsItsDocumentedPositionsAndLeavesTheRestOfTheLineUnread() {
        String line = new Line(77).at(1, "2359").at(6, "1005").at(11, "7").at(13, "9").at(17, "701")
                .at(21, "4989123456").at(37, "24321").at(43, "1234").at(59, "7654321").at(70, "3").at(72, "0")
                .at(74, "017").toString() + "003 1      ";
        AvayaRecord record = parse(RecordLayouts.PRINTER, line, DAY);

        assertThat(record.durationSeconds()).isEqualTo(3600 + 30);
        assertThat(record.endTime().toString()).isEqualTo("23:59");
        assertThat(record.fields()).containsEntry(CdrField.COND_CODE, "7").containsEntry(CdrField.DIALED_NUM, "4989123456")
                .containsEntry(CdrField.ACCT_CODE, "1234").containsEntry(CdrField.IN_CRT_ID, "017")
                .containsEntry(CdrField.FRL, "3");
        assertThat(record.rawLine()).doesNotContain("7654321");
    }

    @Test
    void expandedReadsItsDocumentedPositions() {
        String line = new Line(64).at(1, "0812").at(6, "0003").at(11, "9").at(13, "").at(18, "8801")
                .at(23, "3001").at(39, "0301234567").at(50, "555").toString() + " 1234567 ";
        AvayaRecord record = parse(RecordLayouts.EXPANDED, line, DAY);

        assertThat(record.durationSeconds()).isEqualTo(18);
        assertThat(record.callingNumber()).isEqualTo("0301234567");
        assertThat(record.fields()).containsEntry(CdrField.CODE_USED, "8801").containsEntry(CdrField.ACCT_CODE, "555");
    }

    @Test
    void intIsdnCarriesTrunkNodeAndPpmFields() {
        String line = new Line(131).at(1, "1200").at(6, "0010").at(11, "A").at(13, "9").at(18, "701")
                .at(23, "0049301234").at(39, "24321").at(50, "42").at(66, "1111111").at(76, "4").at(78, "005")
                .at(82, "006").at(86, "1").at(88, "01").at(91, "702").at(96, "03").at(99, "123").at(103, "0288")
                .at(108, "0").at(110, "2").at(112, "1").at(120, "00042").toString();
        AvayaRecord record = parse(RecordLayouts.INT_ISDN, line, DAY);

        assertThat(record.durationSeconds()).isEqualTo(60);
        assertThat(record.fields()).containsEntry(CdrField.PPM, "00042").containsEntry(CdrField.IN_TRK_CODE, "702")
                .containsEntry(CdrField.NODE_NUM, "03").containsEntry(CdrField.ATTD_CONSOLE, "01")
                .containsEntry(CdrField.BCC, "0").containsEntry(CdrField.MA_UUI, "2").containsEntry(CdrField.RES_FLAG, "1")
                .containsEntry(CdrField.FEAT_FLAG, "1").containsEntry(CdrField.OUT_CRT_ID, "006");
        assertThat(record.rawLine()).doesNotContain("1111111");
    }

    static String custom() {
        // date,6 space time,4 space sec-dur,5 space cond-code space code-dial,4 space code-used,4 space
        // in-trk-code,4 space dialed-num,18 space calling-num,11 space auth-code,8 space acct-code,4 space
        // in-crt-id,3 space out-crt-id,3 space vdn,5 space frl,1 = 95 characters, then CR LF
        return new Line(95).at(1, "091725").at(8, "1547").at(13, "00172").at(19, "9").at(21, "").at(26, "")
                .at(31, "701").at(36, "0800123456").at(55, "24321").at(67, "98765432").at(76, "4711")
                .at(81, "012").at(85, "").at(89, "5001").at(95, "0").toString();
    }

    @Test
    void aCustomizedRecordIsReadAsTheFormDescribesIt() {
        FixedLayout layout = FixedLayout.customized(CUSTOM_SPEC, RecordLayout.DateOrder.MONTH_DAY);
        AvayaRecord record = parse(layout, custom(), null);

        assertThat(layout.length()).as("97 with CR and LF, as CM's form says").isEqualTo(95);
        assertThat(layout.durationUnit()).isEqualTo(RecordLayout.DurationUnit.SECONDS);
        assertThat(record.endedAt()).isEqualTo(Instant.parse("2025-09-17T15:47:00Z"));
        assertThat(record.durationSeconds()).isEqualTo(172);
        assertThat(record.fields()).containsExactlyInAnyOrderEntriesOf(Map.of(CdrField.COND_CODE, "9",
                CdrField.IN_TRK_CODE, "701", CdrField.DIALED_NUM, "0800123456", CdrField.CALLING_NUM, "24321",
                CdrField.ACCT_CODE, "4711", CdrField.IN_CRT_ID, "012", CdrField.VDN, "5001", CdrField.FRL, "0"));
        assertThat(record.rawLine()).doesNotContain("98765432").contains("********");
        assertThat(layout.name()).startsWith("custom-")
                .isEqualTo(FixedLayout.customized(CUSTOM_SPEC.replace(";", " ; "), RecordLayout.DateOrder.MONTH_DAY)
                        .name());
        FixedLayout dayFirst = FixedLayout.customized(CUSTOM_SPEC, RecordLayout.DateOrder.DAY_MONTH);
        assertThat(dayFirst.name()).isNotEqualTo(layout.name());
        assertThat(reason(dayFirst, custom())).as("month 25 does not exist").contains("does not exist");
    }

    @Test
    void aCustomizedDescriptionThatIsWrongSaysWhichItem() {
        assertThatThrownBy(() -> FixedLayout.customized("date,6;space,1;time,4;sec-dur,5;colour,2",
                RecordLayout.DateOrder.MONTH_DAY)).hasMessageContaining("item 5").hasMessageContaining("colour");
        assertThatThrownBy(() -> FixedLayout.customized("time,5;sec-dur,5", RecordLayout.DateOrder.MONTH_DAY))
                .hasMessageContaining("time must be 4");
        assertThatThrownBy(() -> FixedLayout.customized("time,4;space,1;cond-code,1", RecordLayout.DateOrder.MONTH_DAY))
                .hasMessageContaining("duration and sec-dur");
        assertThatThrownBy(() -> FixedLayout.customized("time,4;sec-dur,5;return,1;vdn,5",
                RecordLayout.DateOrder.MONTH_DAY)).hasMessageContaining("nothing may follow");
        assertThatThrownBy(() -> RecordLayouts.resolve("telesear", RecordLayout.DateOrder.MONTH_DAY))
                .hasMessageContaining("teleseer");
    }

    @Test
    void nineNineNineNineIsAnUnknownDurationNotTenHours() {
        String line = new Line(76).at(4, "1547").at(8, "9999").at(12, "A").at(19, "123").at(34, "2000").toString();
        AvayaRecord record = parse(RecordLayouts.TELESEER, line, DAY);
        AvayaRecord seconds = parse(FixedLayout.customized(CUSTOM_SPEC, RecordLayout.DateOrder.MONTH_DAY),
                new Line(95).at(1, "091725").at(8, "1547").at(13, "99999").at(19, "A").toString(), null);

        for (AvayaRecord unknown : new AvayaRecord[] {record, seconds}) {
            assertThat(unknown.durationKnown()).isFalse();
            assertThat(unknown.startedAt()).isEqualTo(unknown.endedAt());
            CallEvent event = AvayaCallEvents.toCallEnded(unknown, "c");
            assertThat(event.durationSeconds()).isNull();
            assertThat(event.startTime()).isEqualTo(unknown.endedAt());
            assertThat(event.metadata()).containsEntry("durationUnknown", true);
        }
    }

    @Test
    void linesThatAreNotInTheLayoutSayWhy() {
        String good = teleseer();
        assertThat(reason(RecordLayouts.TELESEER, good + "X")).contains("longer");
        assertThat(reason(RecordLayouts.TELESEER, "X" + good.substring(1))).contains("space");
        assertThat(reason(RecordLayouts.TELESEER, good.substring(0, 3) + "15a7" + good.substring(7))).contains("time");
        assertThat(reason(RecordLayouts.TELESEER, good.substring(0, 7) + "0A29" + good.substring(11))).contains("duration");
        assertThat(reason(RecordLayouts.TELESEER, good.substring(0, 7) + "0609" + good.substring(11))).contains("below 60");
        assertThat(reason(RecordLayouts.TELESEER, good.replace("0800", "08\u00010"))).contains("control");
        assertThat(reason(RecordLayouts.TELESEER, good.substring(0, 11) + " " + good.substring(12)))
                .contains("condition code");
        assertThat(new AvayaRecordParser(RecordLayouts.TELESEER, ZoneOffset.UTC, "").parse(good))
                .isInstanceOfSatisfying(AvayaParseResult.Unparseable.class,
                        unparseable -> assertThat(unparseable.reason()).contains("no date record"));
    }

    @Test
    void aTrailingBlankFieldTrimmedOnTheWayStillReads() {
        assertThat(parse(RecordLayouts.TELESEER, teleseer().stripTrailing(), DAY).callId())
                .isEqualTo(parse(RecordLayouts.TELESEER, teleseer(), DAY).callId());
    }

    @Test
    void theSeedKeepsItsCallIdAndTheDefaultPbxAddsNothing() throws Exception {
        String expected = "avaya-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("170925|1547|00252|2434|0|2432".getBytes(StandardCharsets.US_ASCII)), 0, 16);
        String seed = "170925 1547 00252                    2434 0                2432";

        assertThat(((AvayaParseResult.Parsed) new AvayaRecordParser(ZoneOffset.UTC).parse(seed)).record().callId())
                .isEqualTo(expected);
        AvayaRecord named = ((AvayaParseResult.Parsed) new AvayaRecordParser(RecordLayouts.SEED, ZoneOffset.UTC,
                "berlin").parse(seed)).record();
        assertThat(named.callId()).as("another PBX's identical line is another call").isNotEqualTo(expected);
        assertThat(named.pbx()).isEqualTo("berlin");
    }

    @Test
    void aDatelessRecordOnAnotherDayIsAnotherCall() {
        assertThat(parse(RecordLayouts.TELESEER, teleseer(), DAY).callId())
                .isNotEqualTo(parse(RecordLayouts.TELESEER, teleseer(), DAY.plusDays(1)).callId());
    }

    @Test
    void interimRecordsFoldIntoTheFinalRecordsStartAndDuration() {
        AvayaRecord last = parse(RecordLayouts.TELESEER, teleseer(), DAY);
        AvayaRecord folded = last.withInterim(2, 72_000);

        assertThat(folded.startedAt()).isEqualTo(last.startedAt().minusSeconds(72_000));
        assertThat(folded.durationSeconds()).isEqualTo(72_174);
        assertThat(folded.callId()).isEqualTo(last.callId());
        assertThat(AvayaCallEvents.toCallEnded(folded, "c").metadata()).containsEntry("interimRecords", 2L);
    }

    @Test
    void conditionCodesMapToOutcomesAndAttempts() {
        ConditionCodes codes = ConditionCodes.defaults();
        AvayaRecord answered = parse(RecordLayouts.TELESEER, teleseer(), DAY);
        AvayaRecord abandoned = parse(RecordLayouts.TELESEER, teleseer().substring(0, 11) + "H" + teleseer().substring(12), DAY);
        AvayaRecord busy = parse(RecordLayouts.TELESEER, teleseer().substring(0, 11) + "I" + teleseer().substring(12), DAY);
        AvayaRecord interim = parse(RecordLayouts.TELESEER, teleseer().substring(0, 11) + "4" + teleseer().substring(12), DAY);
        AvayaRecord ring = parse(RecordLayouts.TELESEER, teleseer().substring(0, 11) + "G" + teleseer().substring(12), DAY);

        assertThat(codes.outcomeOf(answered)).isEqualTo(Outcome.ANSWERED);
        assertThat(codes.outcomeOf(abandoned)).isEqualTo(Outcome.NO_ANSWER);
        assertThat(codes.outcomeOf(busy)).isEqualTo(Outcome.BUSY);
        assertThat(codes.ruleFor(interim).isAttempt()).isFalse();
        assertThat(codes.ruleFor(ring).isAttempt()).isFalse();
        assertThat(codes.ruleFor(answered).isAttempt()).isTrue();
        assertThat(AvayaCallEvents.toCallEnded(abandoned, "c", codes).outcome()).isEqualTo(Outcome.NO_ANSWER);

        ConditionCodes custom = ConditionCodes.withOverrides("H=busy, g=duration");
        assertThat(custom.outcomeOf(abandoned)).isEqualTo(Outcome.BUSY);
        assertThat(custom.ruleFor(ring).isAttempt()).isTrue();
        assertThat(custom.overrides()).containsEntry("H", "busy").containsEntry("G", "duration");
        assertThatThrownBy(() -> ConditionCodes.withOverrides("H=maybe")).hasMessageContaining("H=maybe");
        assertThatThrownBy(() -> ConditionCodes.withOverrides("HH=busy")).hasMessageContaining("HH=busy");
    }

    @Test
    void theSeedLayoutHasNoConditionCodeAndKeepsItsDurationRule() {
        AvayaRecord seed = ((AvayaParseResult.Parsed) new AvayaRecordParser(ZoneId.of("UTC"))
                .parse("170925 1547 00000                    2434 H                2432")).record();
        assertThat(seed.conditionCode()).isNull();
        assertThat(ConditionCodes.defaults().outcomeOf(seed)).isEqualTo(Outcome.NO_ANSWER);
        assertThat(AvayaCallEvents.toCallEnded(seed, "c").metadata()).containsOnlyKeys("calledNumber", "callingNumber",
                "callCode", "rawLine");
    }
}
