package io.cdrplatform.core.stats;

import io.cdrplatform.core.cost.Tariff;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Adds up 15-minute slices (rows of a scan grouped by slice, or stored buckets) into the answer of
 * {@code /stats} for one time zone: totals exactly, attempts and answered calls by local hour of
 * the slice's start. Not thread-safe.
 */
public final class StatsAccumulator {

    private final HourOfDayHistogram byHour;
    private StatsTotals totals = StatsTotals.empty();

    public StatsAccumulator(ZoneId zone) {
        this.byHour = new HourOfDayHistogram(zone);
    }

    /** Adds the calls that started in the slice beginning at {@code sliceStart}. */
    public StatsAccumulator add(Instant sliceStart, StatsTotals slice) {
        totals = totals.plus(slice);
        byHour.add(sliceStart, slice.totalAttempts(), slice.answered());
        return this;
    }

    public CampaignStats stats() {
        StatsTotals rounded = new StatsTotals(totals.totalAttempts(), totals.answered(), totals.converted(),
                totals.busy(), totals.failed(), totals.noAnswer(), totals.voicemail(), totals.optedOut(),
                totals.activeCalls(), totals.totalDurationSeconds(), totals.answeredDurationSeconds(),
                totals.answeredEnded(), totals.totalCost().setScale(Tariff.SCALE, RoundingMode.HALF_UP));
        return CampaignStats.of(rounded, byHour.buckets());
    }
}
