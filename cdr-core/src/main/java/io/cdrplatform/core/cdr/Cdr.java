package io.cdrplatform.core.cdr;

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
 * @param cost            under the tariff in force, null while the call goes on
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
        Map<String, Object> metadata,
        Instant lastEventAt) {
}
