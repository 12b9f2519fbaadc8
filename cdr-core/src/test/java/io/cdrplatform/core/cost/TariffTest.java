package io.cdrplatform.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TariffTest {

    @ParameterizedTest(name = "{0} s under {1} bills {2} s and costs {3}")
    @CsvSource({
            "0,  60/60, 0,   0.000000",
            "1,  60/60, 60,  0.010000",
            "59, 60/60, 60,  0.010000",
            "60, 60/60, 60,  0.010000",
            "61, 60/60, 120, 0.020000",
            "0,  1/1,   0,   0.000000",
            "1,  1/1,   1,   0.000167",
            "59, 1/1,   59,  0.009833",
            "60, 1/1,   60,  0.010000",
            "61, 1/1,   61,  0.010167",
            "0,  6/6,   0,   0.000000",
            "1,  6/6,   6,   0.001000",
            "59, 6/6,   60,  0.010000",
            "60, 6/6,   60,  0.010000",
            "61, 6/6,   66,  0.011000",
            "0,  30/6,  0,   0.000000",
            "1,  30/6,  30,  0.005000",
            "30, 30/6,  30,  0.005000",
            "31, 30/6,  36,  0.006000",
            "59, 30/6,  60,  0.010000",
            "60, 30/6,  60,  0.010000",
            "61, 30/6,  66,  0.011000",
    })
    void billsEachIncrementAsCarriersDo(long duration, String increment, long billed, String cost) {
        Tariff tariff = Tariff.parse("0.01", increment);
        assertThat(tariff.increment().billedSeconds(duration)).isEqualTo(billed);
        assertThat(tariff.costOf(duration)).isEqualTo(new BigDecimal(cost));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "60", "60/", "/60", "0/60", "60/0", "a/b", "60/60/60", "-1/1", "99999/1"})
    void rejectsMalformedIncrementsWithAClearMessage(String increment) {
        assertThatThrownBy(() -> BillingIncrement.parse(increment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BILLING_INCREMENT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-0.01", "1e"})
    void rejectsMalformedPrices(String price) {
        assertThatThrownBy(() -> Tariff.parse(price, "60/60")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("COST_PER_MINUTE");
    }

    @Test
    void roundsHalfUpToSixDecimalsNotToCents() {
        Tariff tariff = Tariff.parse("0.0125", "1/1");
        // 7 s x 0.0125 / 60 = 0.00145833.. -> 0.001458
        assertThat(tariff.costOf(7)).isEqualTo(new BigDecimal("0.001458"));
        // 12 s x 0.0125 / 60 = 0.0025 exactly
        assertThat(Tariff.parse("0.0125", "1/1").costOf(12)).isEqualTo(new BigDecimal("0.002500"));
    }

    @Property(tries = 1000)
    void billedSecondsCoverTheCallAndStayWithinOneStep(@ForAll @LongRange(min = 1, max = 100_000) long duration,
                                                        @ForAll @IntRange(min = 1, max = 120) int first,
                                                        @ForAll @IntRange(min = 1, max = 120) int next) {
        BillingIncrement increment = new BillingIncrement(first, next);
        long billed = increment.billedSeconds(duration);
        assertThat(billed).isGreaterThanOrEqualTo(duration).isGreaterThanOrEqualTo(first);
        assertThat(billed - Math.max(duration, first)).isLessThan(next);
        assertThat((billed - first) % next).isZero();
    }

    @Property(tries = 1000)
    void costNeverDecreasesWithDuration(@ForAll @LongRange(min = 0, max = 100_000) long duration,
                                        @ForAll @IntRange(min = 1, max = 60) int first,
                                        @ForAll @IntRange(min = 1, max = 60) int next) {
        Tariff tariff = new Tariff(new BigDecimal("0.0137"), new BillingIncrement(first, next));
        assertThat(tariff.costOf(duration + 1)).isGreaterThanOrEqualTo(tariff.costOf(duration));
        assertThat(tariff.costOf(duration).scale()).isEqualTo(Tariff.SCALE);
    }
}
