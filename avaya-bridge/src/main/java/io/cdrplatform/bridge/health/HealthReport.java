package io.cdrplatform.bridge.health;

import io.cdrplatform.bridge.delivery.SinkStatus;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /health} shows.
 *
 * @param status                 {@code ok}; {@code degraded} while a sink is retrying (lines wait
 *                               safely in the spool); {@code failing} while the spool cannot write
 *                               (lines are not being accepted)
 * @param spoolDepth             lines on disk not yet delivered by every sink
 * @param oldestUnsentAgeSeconds age of the oldest such line, or null when there is none
 * @param lastError              the most recent error of the spool or a sink, or null
 * @param linesReceived          lines accepted (spooled) since start
 * @param linesRejected          lines rejected by the listener since start
 */
public record HealthReport(
        Status status,
        long spoolDepth,
        Long oldestUnsentAgeSeconds,
        String lastError,
        Instant lastErrorAt,
        long linesReceived,
        long linesRejected,
        long eventsPublished,
        int openConnections,
        List<SinkStatus> sinks) {

    public HealthReport {
        sinks = List.copyOf(sinks);
    }

    public enum Status {
        OK("ok"), DEGRADED("degraded"), FAILING("failing");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
