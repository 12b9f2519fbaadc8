package io.cdrplatform.bridge.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.bridge.Fixtures;
import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.LineFramer.Frame;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PbxDecodingHandlerTest {

    private static final String RECORD = "170925 1547 00252                    2434 0                2432";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-17T15:48:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private PbxDecodingHandler decoder;

    @BeforeEach
    void setUp() {
        decoder = new PbxDecodingHandler(Fixtures.seedDecoder(ZoneId.of("UTC"), dir), 1024, CLOCK);
    }

    private Object decode(Object frame) {
        List<Object> out = new ArrayList<>();
        decoder.decode(frame, out::add);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void aLineInTheRecordLayoutIsAcceptedAsThatRecord() {
        Object decoded = decode(new Frame.Line(RECORD));

        assertThat(decoded).isInstanceOfSatisfying(PbxLine.Accepted.class, accepted -> {
            AvayaRecord record = (AvayaRecord) accepted.spoolLine().attachment();
            assertThat(record.endedAt()).isEqualTo(Instant.parse("2025-09-17T15:47:00Z"));
            assertThat(record.startedAt()).isEqualTo(Instant.parse("2025-09-17T15:44:08Z"));
            assertThat(record.callingNumber()).isEqualTo("2432");
            assertThat(accepted.spoolLine().line()).isEqualTo(RECORD);
            assertThat(accepted.spoolLine().context()).as("seed lines are spooled as before").isEmpty();
            assertThat(accepted.callId()).isEqualTo(record.callId());
        });
    }

    @Test
    void aLineOutOfLayoutIsRejectedWithItsTextAndTheReason() {
        Object decoded = decode(new Frame.Line("hello\u0007 world"));

        assertThat(decoded).isInstanceOfSatisfying(PbxLine.Rejected.class, rejected -> {
            assertThat(rejected.text()).isEqualTo("hello\u0007 world");
            assertThat(rejected.reason()).contains("layout");
        });
    }

    @Test
    void anOverlongLineIsRejectedNamingItsLengthAndTheLimit() {
        Object decoded = decode(new Frame.Overlong(5000, "XXXX"));

        assertThat(decoded).isInstanceOfSatisfying(PbxLine.Rejected.class, rejected -> {
            assertThat(rejected.text()).isEqualTo("XXXX");
            assertThat(rejected.reason()).contains("5000").contains("1024");
        });
    }

    @Test
    void aLineCutOffByADisconnectIsRejectedEvenWhenItWouldParse() {
        // "...243" could be the record with its calling number 2432 cut short: never take it as a record
        Object decoded = decode(new UnterminatedLine(RECORD.substring(0, RECORD.length() - 1)));

        assertThat(decoded).isInstanceOfSatisfying(PbxLine.Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("closed"));
    }

    @Test
    void inAPipelineTheDecoderPassesItsResultOn() {
        EmbeddedChannel channel = new EmbeddedChannel(new PbxFramingHandler(1024), decoder);
        channel.writeInbound(io.netty.buffer.Unpooled.copiedBuffer(RECORD + "\r\nnot a record\r\n",
                java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat((Object) channel.readInbound()).isInstanceOf(PbxLine.Accepted.class);
        assertThat((Object) channel.readInbound()).isInstanceOf(PbxLine.Rejected.class);
        assertThat((Object) channel.readInbound()).isNull();
    }
}
