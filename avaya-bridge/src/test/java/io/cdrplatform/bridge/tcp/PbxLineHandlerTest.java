package io.cdrplatform.bridge.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrplatform.bridge.metrics.BridgeMetrics;
import io.cdrplatform.bridge.rejected.RejectedLinesFile;
import io.cdrplatform.bridge.spool.Spool;
import io.cdrplatform.bridge.spool.SpoolBatch;
import io.cdrplatform.bridge.spool.SpoolEntry;
import io.cdrplatform.bridge.spool.SpoolReader;
import io.cdrplatform.bridge.Fixtures;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PbxLineHandlerTest {

    private static final String RECORD = "170925 1547 00252                    2434 0                2432";
    private static final Instant NOW = Instant.parse("2025-09-17T15:48:00Z");

    @TempDir
    Path spoolDir;
    private Spool spool;
    private RejectedLinesFile rejectedLines;
    private final BridgeMetrics metrics = new BridgeMetrics();
    private EmbeddedChannel channel;

    @BeforeEach
    void openSpool() throws Exception {
        spool = Spool.open(spoolDir, 1 << 20, List.of("sns"));
        rejectedLines = RejectedLinesFile.open(spoolDir);
        channel = new EmbeddedChannel(
                new PbxFramingHandler(1024),
                new PbxDecodingHandler(Fixtures.seedDecoder(ZoneId.of("UTC"), spoolDir), 1024, Clock.fixed(NOW, ZoneOffset.UTC)),
                new PbxLineHandler(spool, rejectedLines, metrics, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @AfterEach
    void close() throws Exception {
        channel.finishAndReleaseAll();
        spool.close();
        rejectedLines.close();
    }

    @Test
    void acceptedRecordsAreSpooledAndCountedOnceOnDisk() throws Exception {
        // when two records arrive
        send(RECORD + "\r\n" + RECORD.replace("1547", "1548") + "\r\n");

        // then both are in the spool, as received, with the time they were read
        waitForCommitted(2);
        channel.runPendingTasks();
        try (SpoolReader reader = spool.openReader("sns")) {
            SpoolBatch batch = reader.read(10, Duration.ZERO);
            assertThat(batch.entries()).extracting(SpoolEntry::line)
                    .containsExactly(RECORD, RECORD.replace("1547", "1548"));
            assertThat(batch.entries()).extracting(SpoolEntry::receivedAt).containsOnly(NOW);
        }
        assertThat(metrics.linesReceived()).isEqualTo(2);
    }

    @Test
    void aBadLineGoesToTheRejectedLinesFileWithTimeAndPeerAndTheConnectionStaysOpen() throws Exception {
        // when a garbage line with control bytes arrives between two good records
        send(RECORD + "\r\n" + "garbage\u0001\u001b[31m line" + "\r\n" + RECORD.replace("1547", "1549") + "\r\n");

        // then it is kept for inspection, the good lines are spooled, and the connection is still open
        waitForCommitted(2);
        List<String> rejected = Files.readAllLines(spoolDir.resolve(RejectedLinesFile.FILE_NAME));
        assertThat(rejected).hasSize(1);
        JsonNode entry = new ObjectMapper().readTree(rejected.get(0));
        assertThat(entry.get("time").asText()).isEqualTo(NOW.toString());
        assertThat(entry.get("peer").asText()).isNotBlank();
        assertThat(entry.get("reason").asText()).contains("layout");
        assertThat(entry.get("line").asText()).isEqualTo("garbage\u0001\u001b[31m line");
        assertThat(channel.isActive()).isTrue();
        assertThat(metrics.linesRejected()).isEqualTo(1);
    }

    @Test
    void anOverlongLineIsRejectedAndTheNextRecordIsStillTaken() throws Exception {
        send("Y".repeat(5000) + "\r\n" + RECORD + "\r\n");

        waitForCommitted(1);
        List<String> rejected = Files.readAllLines(spoolDir.resolve(RejectedLinesFile.FILE_NAME));
        assertThat(rejected).singleElement().asString().contains("5000");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void anUnexpectedErrorInThePipelineDoesNotCloseTheConnection() {
        channel.pipeline().fireExceptionCaught(new IllegalStateException("boom\r\nforged log line"));
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void readingPausesWhileTooManyLinesWaitForTheDiskAndResumesAfter() throws Exception {
        // given more lines in one read than the connection may have in flight
        int count = PbxLineHandler.PAUSE_READING_AT + 100;
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < count; i++) {
            burst.append(RECORD).append("\r\n");
        }

        // when they arrive, reading pauses at once
        send(burst.toString());
        assertThat(channel.config().isAutoRead()).isFalse();

        // then, once they are on disk, it resumes
        waitForCommitted(count);
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(metrics.linesReceived()).isEqualTo(count);
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private void waitForCommitted(long lines) throws Exception {
        spool.sync().get(10, TimeUnit.SECONDS);
        assertThat(spool.committedEnd()).isEqualTo(lines);
        channel.runPendingTasks();
    }
}
