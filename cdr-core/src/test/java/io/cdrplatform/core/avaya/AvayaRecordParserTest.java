package io.cdrplatform.core.avaya;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.event.EventParseResult;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvayaRecordParserTest {

    static final String SEED_LINE = "170925 1547 00252                    2434 0                2432";
    private final AvayaRecordParser utc = new AvayaRecordParser(ZoneOffset.UTC);

    private AvayaRecord parsed(AvayaRecordParser parser, String line) {
        AvayaParseResult result = parser.parse(line);
        assertThat(result).isInstanceOf(AvayaParseResult.Parsed.class);
        return ((AvayaParseResult.Parsed) result).record();
    }

    @Test
    void readsTheContractsExampleRecord() {
        AvayaRecord record = parsed(utc, SEED_LINE);

        assertThat(record.endDate()).isEqualTo(LocalDate.of(2025, 9, 17));
        assertThat(record.endTime()).isEqualTo(LocalTime.of(15, 47));
        assertThat(record.durationSeconds()).isEqualTo(172);
        assertThat(record.calledNumber()).isEqualTo("2434");
        assertThat(record.callCode()).isEqualTo("0");
        assertThat(record.callingNumber()).isEqualTo("2432");
        assertThat(record.endedAt()).isEqualTo(Instant.parse("2025-09-17T15:47:00Z"));
        assertThat(record.startedAt()).isEqualTo(Instant.parse("2025-09-17T15:44:08Z"));
        assertThat(record.rawLine()).isEqualTo(SEED_LINE);
    }

    @Test
    void appliesThePbxTimeZone() {
        AvayaRecord record = parsed(new AvayaRecordParser(ZoneId.of("Europe/Berlin")), SEED_LINE);
        assertThat(record.endedAt()).isEqualTo(Instant.parse("2025-09-17T13:47:00Z"));
    }

    @Test
    void theSameRecordAlwaysGetsTheSameCallIdAndADifferentRecordAnother() {
        String id = parsed(utc, SEED_LINE).callId();
        assertThat(parsed(utc, SEED_LINE).callId()).isEqualTo(id);
        assertThat(parsed(utc, "  170925 1547 00252 2434 0 2432\0\0").callId()).isEqualTo(id);
        assertThat(parsed(utc, "170925 1547 00253                    2434 0                2432").callId()).isNotEqualTo(id);
        assertThat(id).matches("avaya-[0-9a-f]{32}");
    }

    @Test
    void becomesACallEndedEventTheContractAccepts() {
        CallEvent event = AvayaCallEvents.toCallEnded(parsed(utc, SEED_LINE), "avaya");

        assertThat(event.type()).isEqualTo(EventType.CALL_ENDED);
        assertThat(event.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(event.source()).isEqualTo("avaya");
        assertThat(event.phoneNumber()).isEqualTo("2432");
        assertThat(event.durationSeconds()).isEqualTo(172L);
        assertThat(event.metadata()).containsEntry("calledNumber", "2434").containsEntry("callCode", "0")
                .containsEntry("callingNumber", "2432").containsEntry("rawLine", SEED_LINE);
        CallEventCodec codec = new CallEventCodec();
        assertThat(codec.parse(codec.write(event))).isEqualTo(new EventParseResult.Accepted(event));
    }

    @Test
    void aZeroDurationRecordIsNotAnswered() {
        CallEvent event = AvayaCallEvents.toCallEnded(parsed(utc, "170925 1547 00000 2434 0 2432"), "avaya");
        assertThat(event.outcome()).isEqualTo(Outcome.NO_ANSWER);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "hello world",
            "170925 1547 00252 2434 0",              // a field missing
            "320925 1547 00252 2434 0 2432",         // day 32
            "290223 1547 00252 2434 0 2432",         // 29 Feb 2023
            "170925 2460 00252 2434 0 2432",         // minute 60
            "170925 1547 06052 2434 0 2432",         // 60 minutes
            "170925 1547 00260 2434 0 2432",         // 60 seconds
            "17092 1547 00252 2434 0 2432",          // short date
            "170925 1547 00252 24x4 0 2432",         // letters in a number
            "170925 1547 00252 2434 0 2432 extra",   // one field too many
            "170925\t1547\t00252\t2434\t0\t2432",    // tabs are not the layout
            "170925 1547 00252 2434 0 24\u000132",   // control byte
    })
    void refusesLinesThatAreNotRecordsAndSaysWhy(String line) {
        AvayaParseResult result = utc.parse(line);
        assertThat(result).isInstanceOf(AvayaParseResult.Unparseable.class);
        assertThat(((AvayaParseResult.Unparseable) result).reason()).isNotBlank();
    }

    @Property(tries = 1000)
    void everyWellFormedRecordParsesBackToItsFields(
            @ForAll @IntRange(min = 0, max = 10_000) int dayOffset,
            @ForAll @IntRange(min = 0, max = 1439) int minuteOfDay,
            @ForAll @IntRange(min = 0, max = 35_999) int duration,
            @ForAll @StringLength(min = 1, max = 15) @net.jqwik.api.constraints.NumericChars String called,
            @ForAll @StringLength(min = 1, max = 15) @net.jqwik.api.constraints.NumericChars String calling,
            @ForAll @IntRange(min = 1, max = 20) int padding) {
        LocalDate date = LocalDate.of(2000, 1, 1).plusDays(dayOffset);
        LocalTime time = LocalTime.of(minuteOfDay / 60, minuteOfDay % 60);
        String line = String.format("%02d%02d%02d %02d%02d %d%02d%02d%s%s 0%s%s",
                date.getDayOfMonth(), date.getMonthValue(), date.getYear() % 100,
                time.getHour(), time.getMinute(), duration / 3600, duration / 60 % 60, duration % 60,
                " ".repeat(padding), called, " ".repeat(padding), calling);

        AvayaRecord record = parsed(utc, line);

        assertThat(record.endDate()).isEqualTo(date);
        assertThat(record.endTime()).isEqualTo(time);
        assertThat(record.durationSeconds()).isEqualTo(duration);
        assertThat(record.calledNumber()).isEqualTo(called);
        assertThat(record.callingNumber()).isEqualTo(calling);
        assertThat(record.startedAt()).isEqualTo(record.endedAt().minusSeconds(duration));
    }

    @Property(tries = 1000)
    void arbitraryTextNeverThrows(@ForAll @StringLength(max = 200) String line) {
        assertThat(utc.parse(line)).isNotNull();
    }
}
