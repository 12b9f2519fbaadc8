package io.cdrplatform.core.stats;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Attempts and answered calls by hour of day of their start, in one time zone. Stores can group
 * by UTC time slices (every zone offset in use is a multiple of 15 minutes, so 15-minute slices
 * map to exactly one local hour) and feed the slices here.
 */
public final class HourOfDayHistogram {

    /** The slice a store may group by: every offset in the tz database is a multiple of it. */
    public static final long SLICE_MILLIS = 15 * 60 * 1000L;

    private final ZoneId zone;
    private final long[] attempts = new long[24];
    private final long[] answered = new long[24];

    public HourOfDayHistogram(ZoneId zone) {
        this.zone = zone;
    }

    /** Adds calls that started at {@code start} (or in the slice beginning there). */
    public HourOfDayHistogram add(Instant start, long attemptCount, long answeredCount) {
        int hour = start.atZone(zone).getHour();
        attempts[hour] += attemptCount;
        answered[hour] += answeredCount;
        return this;
    }

    /** 24 buckets, hour 0 to 23, empty hours included. */
    public List<HourBucket> buckets() {
        List<HourBucket> buckets = new ArrayList<>(24);
        for (int hour = 0; hour < 24; hour++) {
            buckets.add(new HourBucket(hour, attempts[hour], answered[hour], Rates.ratio(answered[hour], attempts[hour])));
        }
        return buckets;
    }
}
