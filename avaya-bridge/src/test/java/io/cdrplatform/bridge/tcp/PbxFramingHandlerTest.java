package io.cdrplatform.bridge.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.avaya.LineFramer.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PbxFramingHandlerTest {

    private static final String RECORD = "170925 1547 00252                    2434 0                2432";
    private static final String OTHER = "170925 1548 00007                    2435 0                2433";

    @Test
    void aRecordSplitAtEveryPossiblePointIsOneLine() {
        byte[] bytes = bytes(RECORD + "\r\n");
        for (int split = 0; split <= bytes.length; split++) {
            // given a channel, when the record arrives in two segments split at `split`
            EmbeddedChannel channel = channel(1024);
            channel.writeInbound(segment(bytes, 0, split), segment(bytes, split, bytes.length));

            // then exactly one line comes out, whatever the split
            assertThat(lines(channel)).as("split at %d", split).containsExactly(new Frame.Line(RECORD));
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aRecordSplitIntoThreeSegmentsAtAnyTwoPointsIsOneLine() {
        byte[] bytes = bytes(RECORD + "\r\n");
        for (int first = 0; first <= bytes.length; first++) {
            for (int second = first; second <= bytes.length; second++) {
                EmbeddedChannel channel = channel(1024);
                channel.writeInbound(segment(bytes, 0, first), segment(bytes, first, second),
                        segment(bytes, second, bytes.length));
                assertThat(lines(channel)).as("splits at %d and %d", first, second)
                        .containsExactly(new Frame.Line(RECORD));
                channel.finishAndReleaseAll();
            }
        }
    }

    @Test
    void twoRecordsSplitAtEveryPointAcrossTheirBoundaryStayTwoLines() {
        byte[] bytes = bytes(RECORD + "\r\n" + OTHER + "\r\n");
        for (int split = 0; split <= bytes.length; split++) {
            EmbeddedChannel channel = channel(1024);
            channel.writeInbound(segment(bytes, 0, split), segment(bytes, split, bytes.length));
            assertThat(lines(channel)).as("split at %d", split)
                    .containsExactly(new Frame.Line(RECORD), new Frame.Line(OTHER));
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void mergedRecordsInOneSegmentComeOutInOrder() {
        EmbeddedChannel channel = channel(1024);
        channel.writeInbound(Unpooled.copiedBuffer(RECORD + "\r\n" + OTHER + "\r\n" + RECORD + "\r\n",
                StandardCharsets.ISO_8859_1));
        assertThat(lines(channel)).containsExactly(new Frame.Line(RECORD), new Frame.Line(OTHER), new Frame.Line(RECORD));
    }

    @Test
    void crLfAndCrLfAllEndALineAndACrLfSplitAcrossSegmentsIsOneEnd() {
        EmbeddedChannel channel = channel(1024);
        channel.writeInbound(
                Unpooled.copiedBuffer(RECORD + "\r", StandardCharsets.ISO_8859_1),
                Unpooled.copiedBuffer("\n" + OTHER + "\n" + RECORD + "\r" + OTHER + "\r\n", StandardCharsets.ISO_8859_1));
        assertThat(lines(channel)).containsExactly(new Frame.Line(RECORD), new Frame.Line(OTHER),
                new Frame.Line(RECORD), new Frame.Line(OTHER));
    }

    @Test
    void nulPaddingIsDroppedWhereverItFalls() {
        EmbeddedChannel channel = channel(1024);
        channel.writeInbound(Unpooled.copiedBuffer("\0\0\0" + RECORD.substring(0, 10) + "\0" + RECORD.substring(10)
                + "\r\n\0\0\0\0" + OTHER + "\0\r\n\0", StandardCharsets.ISO_8859_1));
        assertThat(lines(channel)).containsExactly(new Frame.Line(RECORD), new Frame.Line(OTHER));
    }

    @Test
    void anOverlongLineIsReportedOnceAndTheNextGoodLineStillComesThrough() {
        // given a limit of 80 bytes and a 500-byte line arriving in pieces
        EmbeddedChannel channel = channel(80);
        String longLine = "X".repeat(500);
        channel.writeInbound(
                Unpooled.copiedBuffer(longLine.substring(0, 200), StandardCharsets.ISO_8859_1),
                Unpooled.copiedBuffer(longLine.substring(200) + "\r\n" + RECORD + "\r\n", StandardCharsets.ISO_8859_1));

        // then one over-long frame, then the record
        List<Object> out = drain(channel);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOfSatisfying(Frame.Overlong.class, overlong -> {
            assertThat(overlong.length()).isEqualTo(500);
            assertThat(overlong.prefix()).startsWith("XXXX");
        });
        assertThat(out.get(1)).isEqualTo(new Frame.Line(RECORD));
    }

    @Test
    void bytesLeftWithoutALineEndAtDisconnectComeOutAsAnUnterminatedLine() {
        EmbeddedChannel channel = channel(1024);
        channel.writeInbound(Unpooled.copiedBuffer(RECORD + "\r\n" + OTHER.substring(0, 30), StandardCharsets.ISO_8859_1));
        channel.close();
        assertThat(drain(channel)).containsExactly(new Frame.Line(RECORD), new UnterminatedLine(OTHER.substring(0, 30)));
    }

    @Test
    void directBuffersAreFramedLikeHeapBuffers() {
        EmbeddedChannel channel = channel(1024);
        ByteBuf direct = Unpooled.directBuffer();
        direct.writeBytes(bytes(RECORD + "\r\n"));
        channel.writeInbound(direct);
        assertThat(lines(channel)).containsExactly(new Frame.Line(RECORD));
        assertThat(direct.refCnt()).isZero();
    }

    private static EmbeddedChannel channel(int maxLineLength) {
        return new EmbeddedChannel(new PbxFramingHandler(maxLineLength));
    }

    private static List<Object> lines(EmbeddedChannel channel) {
        return drain(channel);
    }

    private static List<Object> drain(EmbeddedChannel channel) {
        List<Object> out = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            out.add(message);
        }
        return out;
    }

    private static ByteBuf segment(byte[] bytes, int from, int to) {
        return Unpooled.wrappedBuffer(bytes, from, to - from);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
