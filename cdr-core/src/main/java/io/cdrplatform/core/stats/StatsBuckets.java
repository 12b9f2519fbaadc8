package io.cdrplatform.core.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The 15-minute bucket grid: UTC-aligned slices of call start times. Every zone offset in use is a
 * whole number of quarter hours, so in every real time zone (+05:30, +05:45, a DST change day
 * included) a bucket lies inside one local hour, and a range that starts and ends on local
 * quarter hours (a local day, an hour) is made of whole buckets.
 */
public final class StatsBuckets {

    /** The width of a bucket, in milliseconds (the slice the scan groups by). */
    public static final long WIDTH_MILLIS = HourOfDayHistogram.SLICE_MILLIS;

    private StatsBuckets() {
    }

    /**
     * The start of the bucket holding {@code startTime}. BSON dates keep milliseconds only; bucket
     * edges are whole milliseconds, so a start time and its stored (truncated) value share a bucket.
     */
    public static Instant startOf(Instant startTime) {
        long millis = startTime.toEpochMilli(); // rounds down, also before 1970
        return Instant.ofEpochMilli(millis - Math.floorMod(millis, WIDTH_MILLIS));
    }

    /** The first bucket start at or after {@code instant}. */
    static Instant ceil(Instant instant) {
        Instant floor = startOf(instant);
        return floor.equals(instant) ? floor : floor.plusMillis(WIDTH_MILLIS);
    }

    /**
     * How the start-time range {@code [from, until)} (either end open: null) is answered: the whole
     * buckets in {@code [wholeFrom, wholeUntil)}, and the CDRs of the partial edge ranges. A range
     * with no whole bucket is one edge.
     */
    public static Split split(Instant from, Instant until) {
        if (from != null && until != null && !from.isBefore(until)) {
            return new Split(false, null, null, List.of());
        }
        Instant wholeFrom = from == null ? null : ceil(from);
        Instant wholeUntil = until == null ? null : startOf(until);
        if (wholeFrom != null && wholeUntil != null && !wholeFrom.isBefore(wholeUntil)) {
            return new Split(false, null, null, List.of(new Edge(from, until)));
        }
        List<Edge> edges = new ArrayList<>(2);
        if (from != null && from.isBefore(wholeFrom)) {
            edges.add(new Edge(from, wholeFrom));
        }
        if (until != null && wholeUntil.isBefore(until)) {
            edges.add(new Edge(wholeUntil, until));
        }
        return new Split(true, wholeFrom, wholeUntil, List.copyOf(edges));
    }

    /**
     * @param hasWholeBuckets whether any whole bucket is in the range
     * @param wholeFrom       first whole bucket start (null: unbounded)
     * @param wholeUntil      end of the last whole bucket (null: unbounded)
     * @param edges           the partial ranges to compute from CDRs
     */
    public record Split(boolean hasWholeBuckets, Instant wholeFrom, Instant wholeUntil, List<Edge> edges) {
    }

    /** A partial range {@code [from, until)} inside one or two buckets, both ends set. */
    public record Edge(Instant from, Instant until) {
    }
}
