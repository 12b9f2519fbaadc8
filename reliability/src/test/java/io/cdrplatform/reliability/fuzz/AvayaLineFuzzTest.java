package io.cdrplatform.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.avaya.LineFramer;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of what the bridge does with PBX bytes: {@link LineFramer} then
 * {@link AvayaRecordParser}. Whatever the bytes and however TCP splits them, framing gives the same
 * frames, never throws, and every line is within the limit and free of CR, LF and NUL; parsing
 * answers {@code Parsed} or {@code Unparseable}; a parsed record is consistent (start = end -
 * duration, a {@code avaya-} + 32 hex call id) and keeps its call id when sent again with other
 * padding.
 *
 * <p>Input layout: byte 0 picks the line limit, byte 1 the TCP segment sizes, byte 2 the PBX time
 * zone; the rest is the stream. Seeds: {@code .../fuzz/AvayaLineFuzzTestInputs/}.
 */
class AvayaLineFuzzTest {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/Sao_Paulo"), ZoneId.of("Asia/Kathmandu"));

    @FuzzTest(maxDuration = "30s")
    // printable entries only: libFuzzer's dictionary format cannot carry raw CR, LF or NUL
    @DictionaryEntries({"170925 1547 00252", "                    2434 0                2432", "  ", "290224", "310225",
        "0000", "2359", "95959", "06000", "+4930", "*12#"})
    void framingAndParsingNeverFailAndIgnoreSegmentation(byte[] input) {
        if (input.length < 3) {
            return;
        }
        int maxLineLength = 1 + (input[0] & 0xff) * 4;
        int segmentStep = 1 + (input[1] & 0x1f);
        ZoneId zone = ZONES.get((input[2] & 0xff) % ZONES.size());
        byte[] stream = Arrays.copyOfRange(input, 3, input.length);

        List<LineFramer.Frame> whole = frame(maxLineLength, stream, stream.length + 1);
        List<LineFramer.Frame> segmented = frame(maxLineLength, stream, segmentStep);
        assertThat(segmented).as("frames do not depend on TCP segmentation").isEqualTo(whole);

        AvayaRecordParser parser = new AvayaRecordParser(zone);
        for (LineFramer.Frame frame : whole) {
            if (frame instanceof LineFramer.Frame.Overlong overlong) {
                assertThat(overlong.length()).isGreaterThan(maxLineLength);
                assertThat(overlong.prefix().length()).isLessThanOrEqualTo(128);
                continue;
            }
            String line = ((LineFramer.Frame.Line) frame).text();
            assertThat(line).doesNotContain("\r", "\n", "\0").isNotEmpty();
            assertThat(line.chars().allMatch(c -> c == ' ' || c == '\t')).as("a line of only spaces and tabs is skipped")
                    .isFalse();
            assertThat(line.length()).isLessThanOrEqualTo(maxLineLength);
            AvayaParseResult result = parser.parse(line);
            if (result instanceof AvayaParseResult.Unparseable unparseable) {
                assertThat(unparseable.reason()).isNotBlank();
                continue;
            }
            AvayaRecord record = ((AvayaParseResult.Parsed) result).record();
            assertThat(record.callId()).matches("avaya-[0-9a-f]{32}");
            assertThat(record.durationSeconds()).isBetween(0L, 9 * 3600L + 59 * 60 + 59);
            assertThat(Duration.between(record.startedAt(), record.endedAt()).getSeconds())
                    .isEqualTo(record.durationSeconds());
            assertThat(record.endedAt()).isEqualTo(record.endDate().atTime(record.endTime()).atZone(zone).toInstant());
            // the same record again, its columns padded differently (and NULs around), is the same call
            String stripped = line.replace("\0", "").strip();
            String repadded = "\0 " + stripped.substring(0, 17) + stripped.substring(17).replaceAll(" +", "   ") + " \0";
            AvayaParseResult again = parser.parse(repadded);
            assertThat(again).as("re-padded: %s", repadded).isInstanceOf(AvayaParseResult.Parsed.class);
            assertThat(((AvayaParseResult.Parsed) again).record().callId()).isEqualTo(record.callId());
        }
    }

    private static List<LineFramer.Frame> frame(int maxLineLength, byte[] stream, int segment) {
        LineFramer framer = new LineFramer(maxLineLength);
        List<LineFramer.Frame> frames = new ArrayList<>();
        int size = segment;
        int offset = 0;
        while (offset < stream.length) {
            int count = Math.min(size, stream.length - offset);
            framer.feed(stream, offset, count, frames::add);
            offset += count;
            size = size % 7 + segment; // segments of varying sizes
        }
        framer.finish(frames::add);
        return frames;
    }
}
