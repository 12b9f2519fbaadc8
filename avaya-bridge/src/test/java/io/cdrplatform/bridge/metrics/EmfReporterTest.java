package io.cdrplatform.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfReporterTest {

    @Test
    void eachReportIsOneEmfLineWithTheCountsSinceTheLastOneAndTheCurrentSpoolDepth() throws Exception {
        // given some traffic
        BridgeMetrics metrics = new BridgeMetrics();
        List<String> lines = new ArrayList<>();
        long[] depth = {7};
        EmfReporter reporter = new EmfReporter("CdrPlatform", metrics, () -> depth[0], lines::add);
        metrics.linesReceived(10);
        metrics.lineRejected();
        metrics.eventsPublished(3);

        // when reported twice, with more traffic in between
        reporter.report();
        metrics.linesReceived(5);
        depth[0] = 2;
        reporter.report();

        // then the lines are EMF documents with deltas and the gauge
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        JsonNode directive = first.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("CdrPlatform");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Service");
        assertThat(first.get("Service").asText()).isEqualTo("avaya-bridge");
        assertThat(first.get("LinesReceived").asDouble()).isEqualTo(10);
        assertThat(first.get("LinesRejected").asDouble()).isEqualTo(1);
        assertThat(first.get("EventsPublished").asDouble()).isEqualTo(3);
        assertThat(first.get("SpoolDepth").asDouble()).isEqualTo(7);
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(second.get("LinesReceived").asDouble()).isEqualTo(5);
        assertThat(second.get("LinesRejected").asDouble()).isZero();
        assertThat(second.get("SpoolDepth").asDouble()).isEqualTo(2);
    }
}
