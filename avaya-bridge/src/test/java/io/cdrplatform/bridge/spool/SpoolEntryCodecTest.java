package io.cdrplatform.bridge.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpoolEntryCodecTest {

    private final SpoolEntryCodec codec = new SpoolEntryCodec();

    @Test
    void anEntryReadsBackAsWrittenIncludingTabsAndLatin1Bytes() {
        String line = "170925 1547 00252\t2434 0 \u00e9\u00ff 2432";
        byte[] bytes = encode(1_758_124_080_123L, line);

        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        SpoolEntryCodec.Decoded decoded = codec.decode(bytes, 0, bytes.length - 1);
        assertThat(decoded.receivedAt()).isEqualTo(Instant.ofEpochMilli(1_758_124_080_123L));
        assertThat(decoded.line()).isEqualTo(line);
    }

    @Test
    void anyChangedByteMakesTheEntryCorrupt() {
        byte[] bytes = encode(42L, "170925 1547 00252 2434 0 2432");
        for (int i = 0; i < bytes.length - 1; i++) {
            byte[] damaged = bytes.clone();
            damaged[i] ^= 0x04;
            assertThat(codec.decode(damaged, 0, damaged.length - 1)).as("byte %d flipped", i)
                    .isSameAs(SpoolEntryCodec.CORRUPT);
        }
    }

    @Test
    void aTruncatedEntryIsCorrupt() {
        byte[] bytes = encode(42L, "170925 1547 00252 2434 0 2432");
        assertThat(codec.decode(bytes, 0, bytes.length - 5)).isSameAs(SpoolEntryCodec.CORRUPT);
        assertThat(codec.decode("garbage".getBytes(StandardCharsets.US_ASCII), 0, 7)).isSameAs(SpoolEntryCodec.CORRUPT);
    }

    private byte[] encode(long millis, String line) {
        ByteBuffer buffer = ByteBuffer.allocate(SpoolEntryCodec.maxEncodedLength("", line));
        codec.encode(millis, "", line, buffer);
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
