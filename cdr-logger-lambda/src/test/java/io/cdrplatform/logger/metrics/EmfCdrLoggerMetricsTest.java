package io.cdrplatform.logger.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrplatform.core.event.RejectionReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmfCdrLoggerMetricsTest {
    private final PrintStream standardOut = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void captureStandardOut() {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardOut() {
        System.setOut(standardOut);
    }

    @Test
    void writesOneEmfLineForTheBatchAndOnePerRejectionReason() throws Exception {
        // given a batch's figures
        BatchFigures figures = new BatchFigures(7, Map.of(RejectionReason.INVALID_DIGIT, 2,
                RejectionReason.MALFORMED_JSON, 1), 3, 4, 1);

        // when they are recorded
        new EmfCdrLoggerMetrics().record(figures);

        // then standard output holds CloudWatch EMF documents
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        assertThat(lines).hasSize(3);
        JsonNode batch = lines.get(0);
        JsonNode directive = batch.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("CdrPlatform");
        assertThat(directive.get("Dimensions").get(0).get(0).asText()).isEqualTo("Service");
        assertThat(batch.get("Service").asText()).isEqualTo("cdr-logger");
        assertThat(batch.get("EventsProcessed").asDouble()).isEqualTo(7);
        assertThat(batch.get("EventsSkipped").asDouble()).isEqualTo(3);
        assertThat(batch.get("EventsFailed").asDouble()).isEqualTo(3);
        assertThat(batch.get("CdrsWritten").asDouble()).isEqualTo(4);
        assertThat(batch.get("RedisFailures").asDouble()).isEqualTo(1);
        assertThat(batch.get("_aws").get("Timestamp").asLong()).isPositive();
        assertThat(lines.subList(1, 3)).anySatisfy(line -> {
            assertThat(line.get("Reason").asText()).isEqualTo("invalid_digit");
            assertThat(line.get("EventsSkipped").asDouble()).isEqualTo(2);
            assertThat(line.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").get(0).toString())
                    .isEqualTo("[\"Service\",\"Reason\"]");
        });
        assertThat(lines.subList(1, 3)).anySatisfy(line ->
                assertThat(line.get("Reason").asText()).isEqualTo("malformed_json"));
    }
}
