package io.cdrplatform.store.callrecords;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A CDR as the API shows it: the view fields of a {@code call_records} document (never {@code _id},
 * {@code version} or {@code fold}). Optional fields are null when the document has none.
 *
 * @param billableSeconds the seconds billed; null while the call goes on (and on records written before rating)
 * @param ratePrefix      the {@code rates} prefix the call was priced with, null for none
 * @param rateName        the rate's name ({@code default}, {@code internal} when no rate priced it)
 * @param metadata opaque JSON values as read from BSON (maps, lists, strings, numbers, booleans, dates)
 */
public record CdrView(
        String callId,
        String campaignId,
        String contactId,
        String phoneNumber,
        String source,
        String status,
        String outcome,
        Boolean answered,
        Instant startTime,
        Instant answeredAt,
        Instant endTime,
        Long duration,
        BigDecimal cost,
        Long billableSeconds,
        String ratePrefix,
        String rateName,
        List<String> dtmfInputs,
        List<ActionView> actionsTriggered,
        Map<String, Object> metadata,
        Instant lastEventAt,
        Instant createdAt,
        Instant updatedAt) {

    /** The list order: newest start first, ties by callId descending (the keyset of the page cursor). */
    public static final Comparator<CdrView> NEWEST_FIRST = Comparator
            .comparing(CdrView::startTime, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(CdrView::callId, Comparator.reverseOrder());

    /** One entry of {@code actionsTriggered}. */
    public record ActionView(String type, Map<String, Object> parameters, Instant timestamp) {
    }
}
