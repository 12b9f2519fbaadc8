package io.cdrplatform.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class PricingPropertiesTest {

    private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

    @Provide
    Arbitrary<List<Rate>> tables() {
        Arbitrary<String> prefixes = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(5),
                Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(3).map(digits -> "x" + digits));
        Arbitrary<BigDecimal> money = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("5"))
                .ofScale(5);
        Arbitrary<BillingIncrement> increments = Combinators.combine(
                Arbitraries.integers().between(1, 60), Arbitraries.integers().between(1, 60))
                .as(BillingIncrement::new);
        Arbitrary<Long> days = Arbitraries.longs().between(0, 10);
        Arbitrary<Rate> rates = Combinators.combine(prefixes, money, money, increments, days, days)
                .as((prefix, price, fee, increment, from, length) -> new Rate(prefix, "r" + prefix, price, fee,
                        increment, BASE.plusSeconds(from * 86_400),
                        length == 0 ? null : BASE.plusSeconds((from + length) * 86_400)));
        return rates.list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(3).ofMaxLength(12).map(digits -> "+" + digits),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(6),
                Arbitraries.just(null));
    }

    @Provide
    Arbitrary<Instant> starts() {
        return Arbitraries.longs().between(-86_400, 12 * 86_400).map(BASE::plusSeconds);
    }

    @Property(tries = 500)
    void costIsNeverNegativeAndHasSixDecimals(@ForAll("tables") List<Rate> rates, @ForAll("numbers") String number,
                                              @ForAll("starts") Instant start,
                                              @ForAll @LongRange(min = 0, max = 100_000) long billable) {
        Rating rating = new Pricing(RateTable.of(rates), Tariff.defaults()).price(number, start, billable);
        assertThat(rating.cost().signum()).isGreaterThanOrEqualTo(0);
        assertThat(rating.cost().scale()).isEqualTo(Tariff.SCALE);
    }

    @Property(tries = 500)
    void costIsMonotonicInBillableSeconds(@ForAll("tables") List<Rate> rates, @ForAll("numbers") String number,
                                          @ForAll("starts") Instant start,
                                          @ForAll @LongRange(min = 0, max = 100_000) long billable,
                                          @ForAll @LongRange(min = 0, max = 1_000) long more) {
        Pricing pricing = new Pricing(RateTable.of(rates), Tariff.defaults());
        Rating shorter = pricing.price(number, start, billable);
        Rating longer = pricing.price(number, start, billable + more);
        assertThat(longer.rateName()).isEqualTo(shorter.rateName());
        assertThat(longer.cost()).isGreaterThanOrEqualTo(shorter.cost());
    }

    @Property(tries = 500)
    void reRatingWithTheSameTableReadBackInAnyOrderIsTheIdentity(@ForAll("tables") List<Rate> rates,
                                                                 @ForAll("numbers") String number,
                                                                 @ForAll("starts") Instant start,
                                                                 @ForAll @LongRange(min = 0, max = 10_000) long billable) {
        Rating first = new Pricing(RateTable.of(rates), Tariff.defaults()).price(number, start, billable);
        List<Rate> readBack = new ArrayList<>(rates);
        java.util.Collections.reverse(readBack);
        Pricing again = new Pricing(RateTable.of(readBack), Tariff.defaults());
        assertThat(again.price(number, start, first.billableSeconds())).isEqualTo(first);
    }

    @Property(tries = 500)
    void theLookupFindsWhatAScanOfEveryRateFinds(@ForAll("tables") List<Rate> rates, @ForAll("numbers") String number,
                                                 @ForAll("starts") Instant start) {
        String key = RateTable.destinationKey(number);
        Rate found = key == null ? null : RateTable.of(rates).lookup(key, start);
        int longest = -1;
        for (Rate rate : rates) {
            if (key != null && key.startsWith(rate.prefix()) && rate.validAt(start)) {
                longest = Math.max(longest, rate.prefix().length());
            }
        }
        if (longest < 0) {
            assertThat(found).isNull();
        } else {
            assertThat(found).isNotNull();
            assertThat(found.prefix()).hasSize(longest);
            assertThat(found.validAt(start)).isTrue();
        }
    }
}
