package io.cdrplatform.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void ratesRoundHalfUpToFourDecimalsAndAreZeroWithoutADivisor() {
        assertThat(Rates.ratio(1, 3)).isEqualTo(new BigDecimal("0.3333"));
        assertThat(Rates.ratio(2, 3)).isEqualTo(new BigDecimal("0.6667"));
        assertThat(Rates.ratio(1, 8)).isEqualTo(new BigDecimal("0.1250"));
        assertThat(Rates.ratio(5, 0)).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void conversionRateIsOverAnsweredCallsAndAverageOverEndedAnsweredCalls() {
        StatsTotals totals = new StatsTotals(10, 4, 1, 2, 1, 2, 1, 0, 1, 500, 300, 3, new BigDecimal("0.050000"));
        CampaignStats stats = CampaignStats.of(totals, new HourOfDayHistogram(ZoneId.of("UTC")).buckets());
        assertThat(stats.answerRate()).isEqualTo(new BigDecimal("0.4000"));
        assertThat(stats.conversionRate()).isEqualTo(new BigDecimal("0.2500"));
        assertThat(stats.averageDurationSeconds()).isEqualTo(new BigDecimal("100.00"));
        assertThat(stats.byHour()).hasSize(24);
    }

    @Test
    void anEmptyCampaignHasZeroRatesNotErrors() {
        CampaignStats stats = CampaignStats.of(StatsTotals.empty(), new HourOfDayHistogram(ZoneId.of("UTC")).buckets());
        assertThat(stats.answerRate()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(stats.conversionRate()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(stats.averageDurationSeconds()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void hoursAreCountedInTheRequestedZoneIncludingHalfHourOffsets() {
        Instant start = Instant.parse("2024-01-15T23:45:00Z");
        List<HourBucket> utc = new HourOfDayHistogram(ZoneId.of("UTC")).add(start, 2, 1).buckets();
        List<HourBucket> kolkata = new HourOfDayHistogram(ZoneId.of("Asia/Kolkata")).add(start, 2, 1).buckets();
        List<HourBucket> newYork = new HourOfDayHistogram(ZoneId.of("America/New_York")).add(start, 2, 1).buckets();

        assertThat(utc.get(23)).isEqualTo(new HourBucket(23, 2, 1, new BigDecimal("0.5000")));
        assertThat(kolkata.get(5).attempts()).isEqualTo(2); // 05:15 IST
        assertThat(newYork.get(18).attempts()).isEqualTo(2); // 18:45 EST
        assertThat(kolkata.stream().mapToLong(HourBucket::attempts).sum()).isEqualTo(2);
    }
}
