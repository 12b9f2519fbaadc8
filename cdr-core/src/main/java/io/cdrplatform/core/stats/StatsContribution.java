package io.cdrplatform.core.stats;

import io.cdrplatform.core.cdr.CallStatus;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.event.Outcome;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What one call, in its current state, adds to the stats of the 15-minute bucket of its
 * {@code startTime}: one attempt, and the rest as the full scan reads the CDR document
 * ({@code answered}, {@code outcome}, {@code status}, {@code duration}, {@code cost}). The bucket
 * upkeep and the scan count by this one rule.
 *
 * @param answered        reached status answered (the document's {@code answered})
 * @param outcome         the end's outcome, null while the call goes on
 * @param active          not completed yet
 * @param durationSeconds whole seconds, null while the call goes on
 * @param cost            null while the call goes on
 * @param billableSeconds null while the call goes on (and for a record priced before billable seconds existed)
 * @param rateName        the name of the rate the call was priced with; null while it goes on (or for such a record)
 */
public record StatsContribution(boolean answered, Outcome outcome, boolean active, Long durationSeconds,
                                BigDecimal cost, Long billableSeconds, String rateName) {

    /** A contribution without billing figures. */
    public StatsContribution(boolean answered, Outcome outcome, boolean active, Long durationSeconds, BigDecimal cost) {
        this(answered, outcome, active, durationSeconds, cost, null, null);
    }

    public static StatsContribution of(Cdr cdr) {
        return new StatsContribution(cdr.reachedAnswered(), cdr.outcome(), cdr.status() != CallStatus.COMPLETED,
                cdr.durationSeconds(), cdr.cost(), cdr.billableSeconds(), cdr.rateName());
    }

    public StatsTotals totals() {
        long duration = durationSeconds == null ? 0 : durationSeconds;
        boolean answeredEnded = answered && durationSeconds != null;
        return new StatsTotals(
                1,
                answered ? 1 : 0,
                outcome == Outcome.CONVERTED ? 1 : 0,
                outcome == Outcome.BUSY ? 1 : 0,
                outcome == Outcome.FAILED ? 1 : 0,
                outcome == Outcome.NO_ANSWER ? 1 : 0,
                outcome == Outcome.VOICEMAIL ? 1 : 0,
                outcome == Outcome.OPTED_OUT ? 1 : 0,
                active ? 1 : 0,
                duration,
                answeredEnded ? duration : 0,
                answeredEnded ? 1 : 0,
                cost == null ? BigDecimal.ZERO : cost,
                billableSeconds == null ? 0 : billableSeconds,
                rateName == null ? Map.of() : Map.of(rateName, new RateTotals(1,
                        billableSeconds == null ? 0 : billableSeconds, cost == null ? BigDecimal.ZERO : cost)));
    }
}
