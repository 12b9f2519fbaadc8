package io.cdrplatform.bridge.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrplatform.bridge.delivery.SinkStatus;
import java.time.Instant;

/** The JSON form of a {@link HealthReport} and of error bodies ({@code {"error", "message"}}). */
public final class HealthJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HealthJson() {
    }

    public static String write(HealthReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("status", report.status().wireName());
        root.put("spoolDepth", report.spoolDepth());
        root.put("oldestUnsentAgeSeconds", report.oldestUnsentAgeSeconds());
        root.put("lastError", report.lastError());
        root.put("lastErrorAt", instant(report.lastErrorAt()));
        root.put("linesReceived", report.linesReceived());
        root.put("linesRejected", report.linesRejected());
        root.put("eventsPublished", report.eventsPublished());
        root.put("openConnections", report.openConnections());
        ObjectNode sinks = root.putObject("sinks");
        for (SinkStatus sink : report.sinks()) {
            ObjectNode node = sinks.putObject(sink.name());
            node.put("state", sink.state().wireName());
            node.put("pending", sink.pending());
            node.put("deliveredSinceStart", sink.deliveredSinceStart());
            node.put("consecutiveFailures", sink.consecutiveFailures());
            node.put("lastError", sink.lastError());
            node.put("lastErrorAt", instant(sink.lastErrorAt()));
            node.put("lastSuccessAt", instant(sink.lastSuccessAt()));
        }
        return root.toString();
    }

    public static String error(String code, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("error", code);
        root.put("message", message);
        return root.toString();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
