package io.cdrplatform.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.cost.BillingIncrement;
import io.cdrplatform.core.cost.Pricing;
import io.cdrplatform.core.cost.Rate;
import io.cdrplatform.core.cost.RateTable;
import io.cdrplatform.core.cost.Rating;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A CDR's price under a rate table: bounded by the call, kept with the record, and re-rating with the same table changes nothing. */
class RatedCdrPropertiesTest {

    private static final Instant FROM = CallEventStreams.BASE.minusSeconds(86_400);
    private static final Pricing PRICING = new Pricing(RateTable.of(List.of(
            new Rate("1415", "San Francisco", new BigDecimal("0.0200"), new BigDecimal("0.0100"),
                    new BillingIncrement(30, 6), FROM, null),
            new Rate("14155550101", "One number", new BigDecimal("0.5"), BigDecimal.ZERO,
                    new BillingIncrement(1, 1), FROM, CallEventStreams.BASE.plusSeconds(20)))), Tariff.defaults());
    private final CdrFold fold = new CdrFold(PRICING);

    @Provide
    Arbitrary<List<CallEvent>> callEvents() {
        return CallEventStreams.oneCall("call-1");
    }

    @Property(tries = 1000)
    void billableSecondsNeverExceedTheCallAndCostIsNeverNegative(@ForAll("callEvents") List<CallEvent> events) {
        Cdr cdr = fold.toCdr(fold.applyAll(null, events));
        if (cdr.durationSeconds() == null) {
            assertThat(cdr.cost()).isNull();
            assertThat(cdr.billableSeconds()).isNull();
            assertThat(cdr.rateName()).isNull();
            return;
        }
        assertThat(cdr.billableSeconds()).isBetween(0L, cdr.durationSeconds());
        assertThat(cdr.cost().signum()).isGreaterThanOrEqualTo(0);
        if (!cdr.outcome().reachesAnswered() && cdr.outcome() != io.cdrplatform.core.event.Outcome.VOICEMAIL) {
            assertThat(cdr.billableSeconds()).isZero();
            assertThat(cdr.cost()).isEqualByComparingTo(BigDecimal.ZERO);
        }
    }

    @Property(tries = 1000)
    void reRatingWithTheSameTableIsTheIdentity(@ForAll("callEvents") List<CallEvent> events) {
        CallState state = fold.applyAll(null, events);
        Cdr rated = fold.toCdr(state);
        Rating again = CdrFold.rate(state, PRICING);
        assertThat(again).isEqualTo(rated.rating());
        assertThat(fold.toCdr(state, again)).isEqualTo(rated);
    }

    @Property(tries = 500)
    void aStoredRatingGivesBackTheStoredCdrWhateverTheRatesAreNow(@ForAll("callEvents") List<CallEvent> events) {
        CallState state = fold.applyAll(null, events);
        Cdr stored = fold.toCdr(state);
        CdrFold repriced = new CdrFold(Tariff.parse("9.99", "1/1"));
        assertThat(repriced.toCdr(state, stored.rating())).isEqualTo(stored);
    }
}
