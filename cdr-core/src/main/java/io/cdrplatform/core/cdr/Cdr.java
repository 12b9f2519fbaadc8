package io.cdrplatform.core.cdr;

import io.cdrplatform.core.cost.Rating;
import io.cdrplatform.core.event.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The call-detail record as users see it: the contract's seed fields, derived from a
 * {@link CallState}. Optional fields are null when unknown.
 *
 * @param durationSeconds whole seconds, null while the call goes on
 * @param cost            of the billable seconds under the rate the call was priced with, null while the call goes on
 * @param billableSeconds the answered time billed ({@link io.cdrplatform.core.cost.BillableSeconds}), null while the call goes on
 * @param ratePrefix      the prefix of the rate the call was priced with, null for the {@code COST_PER_MINUTE}
 *                        fallback, an unpriced extension, or while the call goes on
 * @param rateName        the name of that rate ({@code default}: the fallback, {@code internal}: an unpriced
 *                        extension), null while the call goes on
 * @param lastEventAt     the newest event timestamp of the call (feeds {@code last_activity})
 */
public record Cdr(
        String callId,
        String campaignId,
        String contactId,
        String phoneNumber,
        String source,
        CallStatus status,
        Outcome outcome,
        boolean reachedAnswered,
        Instant startTime,
        Instant answeredAt,
        Instant endTime,
        Long durationSeconds,
        List<String> dtmfInputs,
        List<TriggeredAction> actionsTriggered,
        BigDecimal cost,
        Long billableSeconds,
        String ratePrefix,
        String rateName,
        Map<String, Object> metadata,
        Instant lastEventAt) {

    /** How the call was priced, or null while it goes on. */
    public Rating rating() {
        return cost == null ? null : new Rating(billableSeconds, cost, ratePrefix, rateName);
    }
}
