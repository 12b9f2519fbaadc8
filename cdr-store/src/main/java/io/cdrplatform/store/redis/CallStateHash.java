package io.cdrplatform.store.redis;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.counter.CounterContribution;
import io.cdrplatform.core.ingest.AppliedContribution;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The per-call applied-state hash: what the cdr-logger's counter script last counted for a call, so
 * that redelivery and reordering never count a call twice. Key {@code cdr-logger:call:<callId>}, a
 * HASH expiring after the logger's call-state TTL, with the fields of {@link Field}, all strings:
 * <ul>
 *   <li>{@code v}: the call record's version the contribution was computed from (decimal);</li>
 *   <li>{@code c}: the campaign id the call was counted in;</li>
 *   <li>{@code m}: the counters it was counted in, a bitmask (decimal): bit i set for the i-th
 *       {@link Counter} constant (its ordinal);</li>
 *   <li>{@code a}: the action types it was counted in, sorted, joined by {@code ,} (empty: none).</li>
 * </ul>
 * The counter script (which reads and writes the hash in Lua) and {@code rebuild-counters} (which
 * writes it) both take the layout from here.
 */
public final class CallStateHash {

    /** The hash's fields, in the order the counter script reads and writes them. */
    public enum Field {
        VERSION("v"),
        CAMPAIGN("c"),
        COUNTERS("m"),
        ACTION_TYPES("a");

        private final String name;

        Field(String name) {
            this.name = name;
        }

        /** The field's name in the hash. */
        public String fieldName() {
            return name;
        }
    }

    /**
     * The campaign's reset epoch ({@link CounterKeys#resetEpoch}) when the state was written: the state
     * counts only while it still equals it (a reset of the campaign's counters leaves it behind).
     * Written by the counter script itself (read from Redis, not passed in); absent = {@code 0}.
     */
    public static final String RESET_FIELD = "r";

    /** Joins the action types in {@link Field#ACTION_TYPES}; no action type contains it. */
    public static final String ACTION_TYPE_SEPARATOR = ",";

    private static final String KEY_PREFIX = "cdr-logger:call:";

    private CallStateHash() {
    }

    /** {@code cdr-logger:call:<callId>}. */
    public static String key(String callId) {
        return KEY_PREFIX + callId;
    }

    /** The SCAN/KEYS pattern matching every call's hash. */
    public static String keyPattern() {
        return KEY_PREFIX + "*";
    }

    /** The hash's value of each field for this applied contribution, in {@link Field} order. */
    public static Map<String, String> values(AppliedContribution applied) {
        CounterContribution contribution = applied.contribution();
        Map<String, String> values = new LinkedHashMap<>();
        values.put(Field.VERSION.fieldName(), Long.toString(applied.version()));
        values.put(Field.CAMPAIGN.fieldName(), contribution.campaignId());
        values.put(Field.COUNTERS.fieldName(), Long.toString(mask(contribution.counters())));
        values.put(Field.ACTION_TYPES.fieldName(), actionTypes(contribution.actionTypes()));
        return values;
    }

    /** Bit i set when the i-th {@link Counter} is in the set. */
    public static long mask(Set<Counter> counters) {
        long mask = 0;
        for (Counter counter : counters) {
            mask |= 1L << counter.ordinal();
        }
        return mask;
    }

    /** The action types joined by {@link #ACTION_TYPE_SEPARATOR}, in the collection's order (sorted in a contribution). */
    public static String actionTypes(Collection<String> actionTypes) {
        return String.join(ACTION_TYPE_SEPARATOR, actionTypes);
    }
}
