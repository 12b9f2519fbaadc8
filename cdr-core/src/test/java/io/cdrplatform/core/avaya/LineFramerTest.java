package io.cdrplatform.core.avaya;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private static final String RECORD = AvayaRecordParserTest.SEED_LINE;

    private static List<LineFramer.Frame> frame(LineFramer framer, String... segments) {
        List<LineFramer.Frame> frames = new ArrayList<>();
        for (String segment : segments) {
            framer.feed(segment.getBytes(StandardCharsets.ISO_8859_1), frames::add);
        }
        return frames;
    }

    private static LineFramer.Frame line(String text) {
        return new LineFramer.Frame.Line(text);
    }

    @Test
    void everyKindOfLineEndEndsALine() {
        assertThat(frame(new LineFramer(200), "a\r\nb\nc\rd\r\n"))
                .containsExactly(line("a"), line("b"), line("c"), line("d"));
    }

    @Test
    void aCrLfSplitAcrossSegmentsIsOneLineEnd() {
        assertThat(frame(new LineFramer(200), "a\r", "\nb\r", "\n")).containsExactly(line("a"), line("b"));
    }

    @Test
    void nulPaddingAndBlankLinesAreDropped() {
        assertThat(frame(new LineFramer(200), "\0\0\0" + RECORD + "\0\r\n\0\0\r\n   \r\n"))
                .containsExactly(line(RECORD));
    }

    @Test
    void mergedRecordsInOneSegmentAreSeparated() {
        assertThat(frame(new LineFramer(200), RECORD + "\r\n" + RECORD + "\r\n" + RECORD))
                .containsExactly(line(RECORD), line(RECORD));
    }

    @Test
    void anOverlongLineIsReportedOnceAndTheNextLineIsIntact() {
        LineFramer framer = new LineFramer(10);
        List<LineFramer.Frame> frames = frame(framer, "0123456789ABCDEF", "GHIJ\r\nshort\r\n");
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isInstanceOf(LineFramer.Frame.Overlong.class);
        LineFramer.Frame.Overlong overlong = (LineFramer.Frame.Overlong) frames.get(0);
        assertThat(overlong.length()).isEqualTo(20);
        assertThat(overlong.prefix()).isEqualTo("0123456789");
        assertThat(frames.get(1)).isEqualTo(line("short"));
    }

    @Test
    void aLineOfExactlyTheLimitIsKept() {
        assertThat(frame(new LineFramer(5), "12345\n")).containsExactly(line("12345"));
    }

    @Test
    void finishEmitsAnUnterminatedLastLine() {
        LineFramer framer = new LineFramer(100);
        List<LineFramer.Frame> frames = frame(framer, "tail");
        assertThat(frames).isEmpty();
        framer.finish(frames::add);
        assertThat(frames).containsExactly(line("tail"));
    }

    @Test
    void everySplitOfARecordGivesTheSameRecord() {
        byte[] bytes = (RECORD + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= bytes.length; cut++) {
            for (int cut2 = cut; cut2 <= bytes.length; cut2++) {
                LineFramer framer = new LineFramer(200);
                List<LineFramer.Frame> frames = new ArrayList<>();
                framer.feed(bytes, 0, cut, frames::add);
                framer.feed(bytes, cut, cut2 - cut, frames::add);
                framer.feed(bytes, cut2, bytes.length - cut2, frames::add);
                assertThat(frames).as("cuts at %d and %d", cut, cut2).containsExactly(line(RECORD));
            }
        }
    }

    @Property(tries = 1000)
    void anySegmentationOfAStreamGivesTheSameFrames(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 5) Integer> lineKinds,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 40) Integer> segmentSizes) {
        // given a stream of good, padded, blank and over-long lines with mixed terminators
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<LineFramer.Frame> expected = new ArrayList<>();
        String[] terminators = {"\r\n", "\n", "\r"};
        for (int i = 0; i < lineKinds.size(); i++) {
            String text = switch (lineKinds.get(i)) {
                case 0, 1 -> RECORD;
                case 2 -> "\0\0" + RECORD + "\0";
                case 3 -> "";
                case 4 -> "x".repeat(150);
                default -> "line " + i;
            };
            stream.writeBytes((text + terminators[i % 3]).getBytes(StandardCharsets.ISO_8859_1));
            switch (lineKinds.get(i)) {
                case 0, 1, 2 -> expected.add(line(RECORD));
                case 3 -> {
                }
                case 4 -> expected.add(new LineFramer.Frame.Overlong(150, "x".repeat(100)));
                default -> expected.add(line("line " + i));
            }
        }
        byte[] bytes = stream.toByteArray();

        // when it arrives cut into arbitrary segments
        LineFramer framer = new LineFramer(100);
        List<LineFramer.Frame> frames = new ArrayList<>();
        int offset = 0;
        int segment = 0;
        while (offset < bytes.length) {
            int size = Math.min(segmentSizes.get(segment++ % segmentSizes.size()), bytes.length - offset);
            framer.feed(bytes, offset, size, frames::add);
            offset += size;
        }

        // then the frames are those of the lines, in order
        assertThat(frames).isEqualTo(expected);
    }
}
