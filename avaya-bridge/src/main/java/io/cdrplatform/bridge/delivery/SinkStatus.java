package io.cdrplatform.bridge.delivery;

import java.time.Instant;

/**
 * A sink's state for /health.
 *
 * @param state               idle (caught up), delivering, retrying (the last attempt failed), stopped
 * @param pending             committed lines this sink has not delivered yet
 * @param deliveredSinceStart lines delivered since the bridge started
 * @param consecutiveFailures failed attempts since the last success
 * @param oldestPendingAt     when the oldest line this sink is working on was received, or null
 */
public record SinkStatus(
        String name,
        State state,
        long pending,
        long deliveredSinceStart,
        int consecutiveFailures,
        String lastError,
        Instant lastErrorAt,
        Instant lastSuccessAt,
        Instant oldestPendingAt) {

    public enum State {
        IDLE("idle"), DELIVERING("delivering"), RETRYING("retrying"), STOPPED("stopped");

        private final String wireName;

        State(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
