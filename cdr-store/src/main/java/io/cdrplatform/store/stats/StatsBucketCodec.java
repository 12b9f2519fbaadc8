package io.cdrplatform.store.stats;

import static io.cdrplatform.store.stats.StatsBucketFields.ACTIVE_CALLS;
import static io.cdrplatform.store.stats.StatsBucketFields.ANSWERED;
import static io.cdrplatform.store.stats.StatsBucketFields.ANSWERED_DURATION;
import static io.cdrplatform.store.stats.StatsBucketFields.ANSWERED_ENDED;
import static io.cdrplatform.store.stats.StatsBucketFields.ATTEMPTS;
import static io.cdrplatform.store.stats.StatsBucketFields.BUSY;
import static io.cdrplatform.store.stats.StatsBucketFields.CALLS;
import static io.cdrplatform.store.stats.StatsBucketFields.CONVERTED;
import static io.cdrplatform.store.stats.StatsBucketFields.FAILED;
import static io.cdrplatform.store.stats.StatsBucketFields.NO_ANSWER;
import static io.cdrplatform.store.stats.StatsBucketFields.OPTED_OUT;
import static io.cdrplatform.store.stats.StatsBucketFields.TOTAL_COST;
import static io.cdrplatform.store.stats.StatsBucketFields.TOTAL_DURATION;
import static io.cdrplatform.store.stats.StatsBucketFields.VOICEMAIL;

import io.cdrplatform.core.cdr.CallStatus;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.store.callrecords.CallRecordFields;
import io.cdrplatform.core.stats.StatsContribution;
import io.cdrplatform.core.stats.StatsTotals;
import io.cdrplatform.core.stats.bucket.HeldContribution;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.bson.Document;
import org.bson.types.Decimal128;

/** The one BSON codec of the stats bucket documents ({@link StatsBucketFields}). */
public final class StatsBucketCodec {

    private static final char SEPARATOR = '|';

    private StatsBucketCodec() {
    }

    /** {@code <campaignId>|<start>}: campaign ids never contain '|', and starts sort as text. */
    public static String idOf(StatsBucketKey key) {
        return key.campaignId() + SEPARATOR + key.start();
    }

    /** The first id of a campaign's buckets starting at or after {@code start} (null: the campaign's first). */
    public static String lowestIdFrom(String campaignId, Instant start) {
        return start == null ? campaignId + SEPARATOR : idOf(new StatsBucketKey(campaignId, start));
    }

    /** Above every id of the campaign's buckets starting before {@code until} (null: after its last). */
    public static String idBefore(String campaignId, Instant until) {
        return until == null ? campaignId + (char) (SEPARATOR + 1) : idOf(new StatsBucketKey(campaignId, until));
    }

    public static StatsBucketKey keyOf(String id) {
        int separator = id.lastIndexOf(SEPARATOR);
        if (separator < 1) {
            throw new IllegalArgumentException("not a stats bucket id: " + id);
        }
        try {
            return new StatsBucketKey(id.substring(0, separator), Instant.parse(id.substring(separator + 1)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a stats bucket id: " + id, e);
        }
    }

    /** The field of a call's entry inside {@code calls} ('.' cannot be in a field name; ids never hold '~'). */
    public static String callField(String callId) {
        return callId.replace('.', '~');
    }

    public static String callPath(String callId) {
        return CALLS + '.' + callField(callId);
    }

    public static String callIdOf(String callField) {
        return callField.replace('~', '.');
    }

    // ---- entries ----

    /**
     * One entry as one string (a bucket of a busy campaign holds thousands: one BSON string each is
     * far cheaper to read and rewrite than a sub-document each): {@code <version>} for an entry
     * that holds nothing, else {@code <version>;<answered 0|1><active 0|1>;<outcome|->;<duration|->;<cost|->},
     * e.g. {@code 3;10;answered;61;0.020000}. Equal entries give equal strings, so a guard can
     * match the entry read exactly.
     */
    public static String entryText(HeldContribution held) {
        StringBuilder text = new StringBuilder(40).append(held.version());
        StatsContribution contribution = held.contribution();
        if (contribution != null) {
            text.append(';').append(contribution.answered() ? '1' : '0').append(contribution.active() ? '1' : '0')
                    .append(';').append(contribution.outcome() == null ? "-" : contribution.outcome().wireName())
                    .append(';').append(contribution.durationSeconds() == null ? "-" : contribution.durationSeconds())
                    .append(';').append(contribution.cost() == null ? "-" : contribution.cost().toPlainString());
        }
        return text.toString();
    }

    public static HeldContribution entryOf(String text) {
        String[] parts = text.split(";", -1);
        try {
            long version = Long.parseLong(parts[0]);
            if (parts.length == 1) {
                return new HeldContribution(version, null);
            }
            if (parts.length != 5 || parts[1].length() != 2) {
                throw new IllegalArgumentException("not a stats bucket entry: " + text);
            }
            return new HeldContribution(version, new StatsContribution(
                    parts[1].charAt(0) == '1',
                    parts[2].equals("-") ? null : Outcome.fromWireName(parts[2])
                            .orElseThrow(() -> new IllegalArgumentException("unknown outcome in entry " + text)),
                    parts[1].charAt(1) == '1',
                    parts[3].equals("-") ? null : Long.valueOf(parts[3]),
                    parts[4].equals("-") ? null : new BigDecimal(parts[4])));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stats bucket entry: " + text, e);
        }
    }

    // ---- a call record as the buckets count it ----

    /** The fields of a {@code call_records} document that {@link #countedAs} reads. */
    public static final java.util.List<String> RECORD_FIELDS = java.util.List.of(CallRecordFields.VERSION,
            CallRecordFields.CAMPAIGN_ID, CallRecordFields.START_TIME, CallRecordFields.ANSWERED, CallRecordFields.OUTCOME,
            CallRecordFields.STATUS, CallRecordFields.DURATION, CallRecordFields.COST, CallRecordFields.CREATED_AT);

    /** A call record as the buckets hold it: its bucket and its entry, read from the stored view fields. */
    public record Counted(StatsBucketKey bucket, HeldContribution entry) {
    }

    /**
     * How a stored {@code call_records} document counts (read with at least {@link #RECORD_FIELDS}):
     * from the fields the full scan reads, exactly as stored (the cost as billed when written, whatever
     * the tariff now), at the record's version; null when the document lacks a version, a campaign
     * or a start.
     */
    public static Counted countedAs(Document record) {
        Object version = record.get(CallRecordFields.VERSION);
        Object campaignId = record.get(CallRecordFields.CAMPAIGN_ID);
        Object startTime = record.get(CallRecordFields.START_TIME);
        if (!(version instanceof Number number) || number.longValue() < 1 || !(campaignId instanceof String campaign)
                || !(startTime instanceof java.util.Date start)) {
            return null;
        }
        Object outcome = record.get(CallRecordFields.OUTCOME);
        Object duration = record.get(CallRecordFields.DURATION);
        Object cost = record.get(CallRecordFields.COST);
        StatsContribution contribution = new StatsContribution(
                Boolean.TRUE.equals(record.get(CallRecordFields.ANSWERED)),
                outcome == null ? null : Outcome.fromWireName(outcome.toString()).orElse(null),
                !CallStatus.COMPLETED.wireName().equals(record.get(CallRecordFields.STATUS)),
                duration instanceof Number seconds ? seconds.longValue() : null,
                cost == null ? null : decimal(cost));
        return new Counted(new StatsBucketKey(campaign, io.cdrplatform.core.stats.StatsBuckets.startOf(start.toInstant())),
                new HeldContribution(number.longValue(), contribution));
    }

    // ---- totals ----

    /** The totals as fields (for a {@code $set}, or as the {@code $inc} of a difference). */
    public static Document totalsDocument(StatsTotals totals) {
        return new Document(ATTEMPTS, totals.totalAttempts())
                .append(ANSWERED, totals.answered())
                .append(CONVERTED, totals.converted())
                .append(BUSY, totals.busy())
                .append(FAILED, totals.failed())
                .append(NO_ANSWER, totals.noAnswer())
                .append(VOICEMAIL, totals.voicemail())
                .append(OPTED_OUT, totals.optedOut())
                .append(ACTIVE_CALLS, totals.activeCalls())
                .append(TOTAL_DURATION, totals.totalDurationSeconds())
                .append(ANSWERED_DURATION, totals.answeredDurationSeconds())
                .append(ANSWERED_ENDED, totals.answeredEnded())
                .append(TOTAL_COST, new Decimal128(totals.totalCost()));
    }

    /** The totals of a bucket document, or of a row of the scan's per-slice sums (missing = 0). */
    public static StatsTotals totalsOf(Document document) {
        return new StatsTotals(
                count(document, ATTEMPTS),
                count(document, ANSWERED),
                count(document, CONVERTED),
                count(document, BUSY),
                count(document, FAILED),
                count(document, NO_ANSWER),
                count(document, VOICEMAIL),
                count(document, OPTED_OUT),
                count(document, ACTIVE_CALLS),
                count(document, TOTAL_DURATION),
                count(document, ANSWERED_DURATION),
                count(document, ANSWERED_ENDED),
                decimal(document.get(TOTAL_COST)));
    }

    private static long count(Document document, String field) {
        return document.get(field) instanceof Number number ? number.longValue() : 0;
    }

    /** Decimal128 (or an integer, which the scan's {@code $sum} gives for no cost at all) as BigDecimal. */
    public static BigDecimal decimal(Object value) {
        if (value instanceof Decimal128 decimal) {
            // a sum of opposite amounts may come back as -0, which has no BigDecimal
            return decimal.isNegative() && decimal.compareTo(Decimal128.NEGATIVE_ZERO) == 0
                    ? BigDecimal.ZERO : decimal.bigDecimalValue();
        }
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        return BigDecimal.ZERO;
    }
}
