package io.cdrplatform.query.live;

import io.cdrplatform.core.counter.Counter;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A campaign's live Redis counters (CONTRACT section 3): every counter (0 when its key is missing),
 * the newest event time ({@code last_activity}, null when missing) and the per-action-type counts;
 * {@code rebuilding}: the counters' marker says they may be short (Redis lost them and they are not
 * rebuilt yet, or a rebuild is running).
 */
public record LiveCounters(String campaignId, Map<Counter, Long> counters, Instant lastActivity, Map<String, Long> actions,
                           boolean rebuilding) {

    /** Counters that are whole. */
    public LiveCounters(String campaignId, Map<Counter, Long> counters, Instant lastActivity, Map<String, Long> actions) {
        this(campaignId, counters, lastActivity, actions, false);
    }

    public LiveCounters {
        EnumMap<Counter, Long> all = new EnumMap<>(Counter.class);
        for (Counter counter : Counter.values()) {
            all.put(counter, counters.getOrDefault(counter, 0L));
        }
        counters = Collections.unmodifiableMap(all);
        actions = Collections.unmodifiableMap(new TreeMap<>(actions));
    }
}
