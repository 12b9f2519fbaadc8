package io.cdrplatform.store.redis;

import java.util.Objects;

/**
 * The value of the counters' state marker {@link CounterKeys#marker()}: {@code ok:<rebuild id>} after
 * a whole rebuild finished undisturbed, {@code rebuilding:<rebuild id>} while one runs (written with
 * an expiry that the rebuild keeps extending, so a rebuilder that died leaves the marker to expire
 * and the counters to be found lost again). Absent: lost (Redis empty or replaced, or updates lost).
 */
public record CountersMarker(State state, String rebuildId) {

    /** What the marker says about the counters. */
    public enum State {
        /** Built from MongoDB and kept by every batch since. */
        WHOLE,
        /** A whole rebuild is running. */
        REBUILDING,
        /** Redis lost them (empty, replaced) or updates were lost: short until rebuilt. */
        LOST;

        /** True when the counters may be short: readers say "rebuilding". */
        public boolean maybeShort() {
            return this != WHOLE;
        }
    }

    private static final String WHOLE_PREFIX = "ok:";
    private static final String REBUILDING_PREFIX = "rebuilding:";

    public CountersMarker {
        Objects.requireNonNull(state, "state");
    }

    /** The marker read from Redis ({@code null}: absent); a value in no known form counts as lost. */
    public static CountersMarker parse(String value) {
        if (value != null && value.startsWith(WHOLE_PREFIX)) {
            return new CountersMarker(State.WHOLE, value.substring(WHOLE_PREFIX.length()));
        }
        if (value != null && value.startsWith(REBUILDING_PREFIX)) {
            return new CountersMarker(State.REBUILDING, value.substring(REBUILDING_PREFIX.length()));
        }
        return new CountersMarker(State.LOST, null);
    }

    /** The value meaning "the rebuild {@code rebuildId} is running". */
    public static String rebuilding(String rebuildId) {
        return REBUILDING_PREFIX + rebuildId;
    }

    /** The value meaning "the rebuild {@code rebuildId} finished: whole". */
    public static String whole(String rebuildId) {
        return WHOLE_PREFIX + rebuildId;
    }
}
