package io.cdrplatform.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrplatform.core.event.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PricingTest {

    private static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant MIDNIGHT = Instant.parse("2024-03-01T00:00:00Z");
    private static final Instant START = Instant.parse("2024-02-29T15:00:00Z");

    /** A small sheet: UK fixed and mobile, a US rate, internal extensions 24xx; prices change at midnight. */
    private static final List<Rate> SHEET = List.of(
            rate("44", "UK", "0.0100", "0", "60/60", EPOCH, MIDNIGHT),
            rate("447", "UK Mobile", "0.0500", "0.0200", "30/6", EPOCH, MIDNIGHT),
            rate("4479", "UK Mobile Premium", "0.2000", "0", "1/1", EPOCH, MIDNIGHT),
            rate("1", "US", "0.0060", "0", "6/6", EPOCH, null),
            rate("x24", "Site B", "0.0010", "0", "60/60", EPOCH, null),
            rate("44", "UK", "0.0120", "0", "60/60", MIDNIGHT, null),
            rate("447", "UK Mobile", "0.0600", "0", "1/1", MIDNIGHT, null));

    private final Pricing pricing = new Pricing(RateTable.of(SHEET), Tariff.defaults());

    private static Rate rate(String prefix, String name, String price, String fee, String increment,
                             Instant from, Instant to) {
        return new Rate(prefix, name, new BigDecimal(price), new BigDecimal(fee), BillingIncrement.parse(increment),
                from, to);
    }

    @ParameterizedTest(name = "{0} with answer at +{1}s, ended at +{2}s, duration {3} bills {4} s")
    @CsvSource(nullValues = "-", value = {
            // unanswered outcomes bill 0 whatever else the events said
            "no_answer, -,  20, 20, 0",
            "busy,      -,  3,  3,  0",
            "failed,    -,  1,  1,  0",
            "no_answer, 5,  20, 20, 0",
            // answered with an answer time: the answered time, never more than the call
            "answered,  15, 75, 75, 60",
            "converted, 5,  66, 66, 61",
            "opted_out, 0,  10, 10, 10",
            "answered,  10, 70, 30, 30",
            "answered,  80, 70, 70, 0",
            // answered without an answer time: the whole duration; a machine answering is billed
            "answered,  -,  61, 61, 61",
            "voicemail, -,  35, 35, 35",
            "converted, -,  0,  0,  0",
    })
    void billableSecondsAreTheAnsweredTime(String outcome, Long answeredAfter, long endedAfter, long duration,
                                           long billable) {
        Instant answeredAt = answeredAfter == null ? null : START.plusSeconds(answeredAfter);
        long seconds = BillableSeconds.of(Outcome.fromWireName(outcome).orElseThrow(), answeredAt,
                START.plusSeconds(endedAfter), duration);
        assertThat(seconds).isEqualTo(billable);
    }

    @ParameterizedTest(name = "{0} at {1} for {2} s: {3} {4} costs {5}")
    @CsvSource(nullValues = "-", value = {
            // longest prefix wins: 44 < 447 < 4479
            "+442071234567,  2024-02-29T15:00:00Z, 61, 44,   UK,                0.020000",
            "+447700900123,  2024-02-29T15:00:00Z, 61, 447,  UK Mobile,         0.075000",
            "+447912345678,  2024-02-29T15:00:00Z, 61, 4479, UK Mobile Premium, 0.203333",
            // 30/6 with a connection fee: 0.02 + 36 s x 0.05 / 60 = 0.05
            "+447700900123,  2024-02-29T15:00:00Z, 31, 447,  UK Mobile,         0.050000",
            // a connection fee is not charged when nothing is billed
            "+447700900123,  2024-02-29T15:00:00Z, 0,  447,  UK Mobile,         0.000000",
            // 1/1: 7 s x 0.2 / 60 = 0.02333..
            "+447912345678,  2024-02-29T15:00:00Z, 7,  4479, UK Mobile Premium, 0.023333",
            // 6/6: 61 s bills 66 s x 0.006 / 60
            "+14155550100,   2024-02-29T15:00:00Z, 61, 1,    US,                0.006600",
            // the price changes at midnight: the second before and the call at midnight differ
            "+442071234567,  2024-02-29T23:59:59Z, 61, 44,   UK,                0.020000",
            "+442071234567,  2024-03-01T00:00:00Z, 61, 44,   UK,                0.024000",
            "+447700900123,  2024-03-01T00:00:00Z, 61, 447,  UK Mobile,         0.061000",
            // 4479 ended at midnight: the next-longest prefix valid then prices it
            "+447912345678,  2024-03-01T00:00:00Z, 61, 447,  UK Mobile,         0.061000",
            // no prefix matches: COST_PER_MINUTE per started minute
            "+33142868200,   2024-02-29T15:00:00Z, 61, -,    default,           0.020000",
            "+442071234567,  2019-12-31T23:59:59Z, 61, -,    default,           0.020000",
            // extensions: a rate prices 24xx, others are internal and cost 0
            "2434,           2024-02-29T15:00:00Z, 61, x24,  Site B,            0.002000",
            "2531,           2024-02-29T15:00:00Z, 61, -,    internal,          0.000000",
            // an extension never matches an E.164 prefix with the same digits
            "4471,           2024-02-29T15:00:00Z, 61, -,    internal,          0.000000",
    })
    void pricesByLongestPrefixValidAtTheStart(String number, Instant start, long billable, String prefix,
                                              String name, String cost) {
        Rating rating = pricing.price(number, start, billable);
        assertThat(rating.ratePrefix()).isEqualTo(prefix);
        assertThat(rating.rateName()).isEqualTo(name);
        assertThat(rating.cost()).isEqualTo(new BigDecimal(cost));
        assertThat(rating.billableSeconds()).isEqualTo(billable);
    }

    @Test
    void withoutRatesAnAnsweredCallCostsWhatItDidBeforeTheTableExisted() {
        Pricing plain = Pricing.of(Tariff.parse("0.01", "30/6"));
        Rating rating = plain.price("+14155550100", START, 61);
        assertThat(rating.cost()).isEqualTo(Tariff.parse("0.01", "30/6").costOf(61)).isEqualTo(new BigDecimal("0.011000"));
        assertThat(rating.rateName()).isEqualTo(Rating.DEFAULT_RATE_NAME);
        assertThat(plain.price(null, START, 61).cost()).isEqualTo(new BigDecimal("0.011000"));
        assertThat(plain.price("2434", START, 61).cost()).isEqualTo(new BigDecimal("0.000000"));
    }

    @Test
    void aRateForEveryExtensionPricesThemAll() {
        Pricing internal = new Pricing(RateTable.of(List.of(rate("x", "PBX", "0.0060", "0", "1/1", EPOCH, null))),
                Tariff.defaults());
        assertThat(internal.price("1", START, 10).cost()).isEqualTo(new BigDecimal("0.001000"));
        assertThat(internal.price("+4420", START, 10).rateName()).isEqualTo(Rating.DEFAULT_RATE_NAME);
    }

    @Test
    void roundsHalfUpOncePerCallWithTheFeeIncluded() {
        Rate rate = rate("1", "US", "0.0125", "0.0000005", "1/1", EPOCH, null);
        // 0.0000005 + 7 x 0.0125 / 60 = 0.0000005 + 0.00145833.. = 0.00145883.. -> 0.001459
        assertThat(rate.costOf(7)).isEqualTo(new BigDecimal("0.001459"));
    }

    @Test
    void aNewSheetReplacesTheTableFromItsDateAndKeepsOldRatesForOlderCalls() {
        Instant february = Instant.parse("2024-02-01T00:00:00Z");
        Instant march = Instant.parse("2024-03-15T00:00:00Z");
        Instant april = Instant.parse("2024-04-01T00:00:00Z");
        RateSheet first = new RateSheet("s1", EPOCH, Instant.parse("2024-01-01T00:00:00Z"), List.of(
                rate("44", "UK", "0.0100", "0", "60/60", EPOCH, null),
                rate("447", "UK Mobile", "0.0500", "0", "60/60", EPOCH, null),
                rate("1", "US", "0.0060", "0", "60/60", EPOCH, null)));
        RateSheet fromApril = new RateSheet("s2", april, Instant.parse("2024-03-20T00:00:00Z"), List.of(
                rate("44", "UK", "0.0090", "0", "60/60", april, null)));

        Pricing after = pricingOf(first, fromApril);
        assertThat(after.price("+447700900123", march, 60).rateName()).isEqualTo("UK Mobile");
        assertThat(after.price("+447700900123", april, 60).rateName()).isEqualTo("UK");
        assertThat(after.price("+447700900123", april, 60).cost()).isEqualTo(new BigDecimal("0.009000"));
        assertThat(after.price("+14155550100", april, 60).rateName()).isEqualTo(Rating.DEFAULT_RATE_NAME);
        assertThat(after.price("+14155550100", april.minusSeconds(1), 60).rateName()).isEqualTo("US");

        // importing again for the same date replaces that sheet, not the older one
        RateSheet againForApril = new RateSheet("s3", april, Instant.parse("2024-03-21T00:00:00Z"), List.of(
                rate("1", "US", "0.0050", "0", "60/60", april, null)));
        Pricing again = pricingOf(first, fromApril, againForApril);
        assertThat(again.price("+442071234567", april, 60).rateName()).isEqualTo(Rating.DEFAULT_RATE_NAME);
        assertThat(again.price("+442071234567", march, 60).rateName()).isEqualTo("UK");
        assertThat(again.price("+14155550100", april, 60).cost()).isEqualTo(new BigDecimal("0.005000"));

        // a sheet valid from an earlier date replaces every later one from that date on
        RateSheet fromFebruary = new RateSheet("s4", february, Instant.parse("2024-03-22T00:00:00Z"), List.of(
                rate("44", "UK", "0.0200", "0", "60/60", february, null)));
        Pricing earlier = pricingOf(againForApril, fromFebruary, first, fromApril);
        assertThat(earlier.price("+14155550100", april, 60).rateName()).isEqualTo(Rating.DEFAULT_RATE_NAME);
        assertThat(earlier.price("+447700900123", april, 60).cost()).isEqualTo(new BigDecimal("0.020000"));
        assertThat(earlier.price("+447700900123", february.minusSeconds(1), 60).rateName()).isEqualTo("UK Mobile");
        assertThat(RateSheet.inForce(List.of(first, fromApril, againForApril, fromFebruary))).hasSize(4);
    }

    @Test
    void aRateEndingInsideItsSheetEndsThere() {
        Instant end = Instant.parse("2024-02-01T00:00:00Z");
        RateSheet sheet = new RateSheet("s1", EPOCH, EPOCH, List.of(rate("44", "UK promo", "0.001", "0", "60/60", EPOCH, end),
                rate("4", "Europe", "0.02", "0", "60/60", EPOCH, null)));
        Pricing pricing = pricingOf(sheet);
        assertThat(pricing.price("+4420", end.minusSeconds(1), 60).rateName()).isEqualTo("UK promo");
        assertThat(pricing.price("+4420", end, 60).rateName()).isEqualTo("Europe");
    }

    private static Pricing pricingOf(RateSheet... sheets) {
        return new Pricing(RateTable.of(RateSheet.inForce(List.of(sheets))), Tariff.defaults());
    }

    @Test
    void overlappingVersionsOfAPrefixResolveTheSameWhateverTheirOrder() {
        Rate older = rate("44", "UK old", "0.01", "0", "60/60", EPOCH, null);
        Rate newer = rate("44", "UK new", "0.02", "0", "60/60", MIDNIGHT, null);
        List<Rate> reversed = new ArrayList<>(List.of(newer, older));
        assertThat(RateTable.of(List.of(older, newer)).lookup("44", MIDNIGHT)).isEqualTo(newer);
        assertThat(RateTable.of(reversed).lookup("44", MIDNIGHT)).isEqualTo(newer);
        assertThat(RateTable.of(reversed).lookup("44", START)).isEqualTo(older);
    }

    @Test
    void aTableOfFiftyThousandPrefixesFindsTheLongestOfEach() {
        List<Rate> rates = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            rates.add(rate(String.valueOf(100_000 + i * 7L), "dest-" + i, "0.01", "0", "60/60", EPOCH, null));
        }
        rates.add(rate("1", "catch-all 1", "0.02", "0", "60/60", EPOCH, null));
        RateTable table = RateTable.of(rates);

        for (int i = 0; i < 50_000; i += 997) {
            String prefix = String.valueOf(100_000 + i * 7L);
            assertThat(table.lookup(prefix + "5550100", START).name()).isEqualTo("dest-" + i);
        }
        assertThat(table.lookup("100001", START).name()).isEqualTo("catch-all 1");
        assertThat(table.lookup("9", START)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+44", "44a", "x2x", "y", "123456789012345678901"})
    void rejectsPrefixesThatAreNeitherE164DigitsNorExtensions(String prefix) {
        assertThatThrownBy(() -> rate(prefix, "n", "0.01", "0", "60/60", EPOCH, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }

    @Test
    void rejectsNegativeMoneyBlankNamesAndEmptyValidity() {
        assertThatThrownBy(() -> rate("44", "UK", "-0.01", "0", "60/60", EPOCH, null))
                .hasMessageContaining("price per minute");
        assertThatThrownBy(() -> rate("44", "UK", "0.01", "-1", "60/60", EPOCH, null))
                .hasMessageContaining("connection fee");
        assertThatThrownBy(() -> rate("44", " ", "0.01", "0", "60/60", EPOCH, null))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> rate("44", "UK", "0.01", "0", "60/60", EPOCH, EPOCH))
                .hasMessageContaining("valid to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "+44 20", "abc", "", "-1"})
    void numbersOfNeitherFormAreNotLookedUp(String number) {
        assertThat(RateTable.destinationKey(number)).isNull();
        assertThat(pricing.price(number, START, 60).rateName()).isEqualTo(Rating.DEFAULT_RATE_NAME);
    }
}
