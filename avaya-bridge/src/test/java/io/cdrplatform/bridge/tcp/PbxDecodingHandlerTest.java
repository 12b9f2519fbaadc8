package io.cdrplatform.bridge.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.avaya.LineFramer.Frame;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PbxDecodingHandlerTest {

    private static final String RECORD = "170925 1547 00252                    2434 0                2432";
    private final PbxDecodingHandler decoder = new PbxDecodingHandler(new AvayaRecordParser(ZoneId.of("UTC")), 1024);

    @Test
    void aLineInTheRecordLayoutIsAcceptedAsThatRecord() {
        Object decoded = decoder.decode(new Frame.Line(RECORD));

        assertThat(decoded).isInstanceOfSatisfying(PbxLine.Accepted.class, accepted -> {
            assertThat(accepted.record().endedAt()).isEqualTo(Instant.parse("2025-09-17T15:47:00Z"));
            assertThat(accepted.record().startedAt()).isEqualTo(Instant.parse("2025-09-17T15:44:08Z"));
            assertThat(accepted.record().callingNumber()).isEqualTo("2432");
            assertThat(accepted.record().rawLine()).isEqualTo(RECORD);
        });
    }

    @Test
    void aLineOutOfLayoutIsRejectedWithItsTextAndTheReason() {
        Object decoded = decoder.decode(new Frame.Line("hello\u0007 world"));

        assertThat(decoded).isInstanceOfSatisfying(PbxLine.Rejected.class, rejected -> {
            assertThat(rejected.text()).isEqualTo("hello\u0007 world");
            assertThat(rejected.reason()).contains("layout");
        });
    }

    @Test
    void anOverlongLineIsRejectedNamingItsLengthAndTheLimit() {
        Object decoded = decoder.decode(new Frame.Overlong(5000, "XXXX"));

        assertThat(decoded).isInstanceOfSatisfying(PbxLine.Rejected.class, rejected -> {
            assertThat(rejected.text()).isEqualTo("XXXX");
            assertThat(rejected.reason()).contains("5000").contains("1024");
        });
    }

    @Test
    void aLineCutOffByADisconnectIsRejectedEvenWhenItWouldParse() {
        // "...243" could be the record with its calling number 2432 cut short: never take it as a record
        Object decoded = decoder.decode(new UnterminatedLine(RECORD.substring(0, RECORD.length() - 1)));

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
