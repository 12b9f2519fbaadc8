package io.cdrplatform.store.stats;

import static io.cdrplatform.store.stats.StatsBucketFields.ACTIVE_CALLS;
import static io.cdrplatform.store.stats.StatsBucketFields.ANSWERED;
import static io.cdrplatform.store.stats.StatsBucketFields.ANSWERED_DURATION;
import static io.cdrplatform.store.stats.StatsBucketFields.ANSWERED_ENDED;
import static io.cdrplatform.store.stats.StatsBucketFields.ATTEMPTS;
import static io.cdrplatform.store.stats.StatsBucketFields.BILLABLE_SECONDS;
import static io.cdrplatform.store.stats.StatsBucketFields.BUSY;
import static io.cdrplatform.store.stats.StatsBucketFields.BY_RATE;
import static io.cdrplatform.store.stats.StatsBucketFields.CALLS;
import static io.cdrplatform.store.stats.StatsBucketFields.CONVERTED;
import static io.cdrplatform.store.stats.StatsBucketFields.FAILED;
import static io.cdrplatform.store.stats.StatsBucketFields.NO_ANSWER;
import static io.cdrplatform.store.stats.StatsBucketFields.OPTED_OUT;
import static io.cdrplatform.store.stats.StatsBucketFields.RATE_BILLABLE_SECONDS;
import static io.cdrplatform.store.stats.StatsBucketFields.RATE_CALLS;
import static io.cdrplatform.store.stats.StatsBucketFields.RATE_COST;
import static io.cdrplatform.store.stats.StatsBucketFields.RATE_NAME;
import static io.cdrplatform.store.stats.StatsBucketFields.TOTAL_COST;
import static io.cdrplatform.store.stats.StatsBucketFields.TOTAL_DURATION;
import static io.cdrplatform.store.stats.StatsBucketFields.VOICEMAIL;

import io.cdrplatform.core.cdr.CallStatus;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.store.callrecords.CallRecordFields;
import io.cdrplatform.core.stats.RateTotals;
import io.cdrplatform.core.stats.StatsContribution;
import io.cdrplatform.core.stats.StatsTotals;
import io.cdrplatform.core.stats.bucket.HeldContribution;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
     * e.g. {@code 3;10;answered;61;0.020000}, then, for a call priced with billable seconds and a rate,
     * {@code ;<billable seconds|->;<rate name escaped by rateKey|->} ({@code 3;10;answered;61;0.020000;56;UK%3BMobile}).
     * Equal entries give equal strings, so a guard can match the entry read exactly (an entry without
     * billing figures keeps the five-part form written before billing existed).
     */
    public static String entryText(HeldContribution held) {
        StringBuilder text = new StringBuilder(40).append(held.version());
        StatsContribution contribution = held.contribution();
        if (contribution != null) {
            text.append(';').append(contribution.answered() ? '1' : '0').append(contribution.active() ? '1' : '0')
                    .append(';').append(contribution.outcome() == null ? "-" : contribution.outcome().wireName())
                    .append(';').append(contribution.durationSeconds() == null ? "-" : contribution.durationSeconds())
                    .append(';').append(contribution.cost() == null ? "-" : contribution.cost().toPlainString());
            if (contribution.billableSeconds() != null || contribution.rateName() != null) {
                text.append(';').append(contribution.billableSeconds() == null ? "-" : contribution.billableSeconds())
                        .append(';').append(contribution.rateName() == null ? "-" : rateKey(contribution.rateName()));
            }
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
            if ((parts.length != 5 && parts.length != 7) || parts[1].length() != 2) {
                throw new IllegalArgumentException("not a stats bucket entry: " + text);
            }
            return new HeldContribution(version, new StatsContribution(
                    parts[1].charAt(0) == '1',
                    parts[2].equals("-") ? null : Outcome.fromWireName(parts[2])
                            .orElseThrow(() -> new IllegalArgumentException("unknown outcome in entry " + text)),
                    parts[1].charAt(1) == '1',
                    parts[3].equals("-") ? null : Long.valueOf(parts[3]),
                    parts[4].equals("-") ? null : new BigDecimal(parts[4]),
                    parts.length < 7 || parts[5].equals("-") ? null : Long.valueOf(parts[5]),
                    parts.length < 7 || parts[6].equals("-") ? null : rateNameOf(parts[6])));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stats bucket entry: " + text, e);
        }
    }

    // ---- a call record as the buckets count it ----

    /** The fields of a {@code call_records} document that {@link #countedAs} reads. */
    public static final java.util.List<String> RECORD_FIELDS = java.util.List.of(CallRecordFields.VERSION,
            CallRecordFields.CAMPAIGN_ID, CallRecordFields.START_TIME, CallRecordFields.ANSWERED, CallRecordFields.OUTCOME,
            CallRecordFields.STATUS, CallRecordFields.DURATION, CallRecordFields.COST, CallRecordFields.BILLABLE_SECONDS,
            CallRecordFields.RATE_NAME, CallRecordFields.CREATED_AT);

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
        Object billable = record.get(CallRecordFields.BILLABLE_SECONDS);
        Object rateName = record.get(CallRecordFields.RATE_NAME);
        StatsContribution contribution = new StatsContribution(
                Boolean.TRUE.equals(record.get(CallRecordFields.ANSWERED)),
                outcome == null ? null : Outcome.fromWireName(outcome.toString()).orElse(null),
                !CallStatus.COMPLETED.wireName().equals(record.get(CallRecordFields.STATUS)),
                duration instanceof Number seconds ? seconds.longValue() : null,
                cost == null ? null : decimal(cost),
                billable instanceof Number seconds ? seconds.longValue() : null,
                rateName instanceof String name ? name : null);
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
                .append(TOTAL_COST, new Decimal128(totals.totalCost()))
                .append(BILLABLE_SECONDS, totals.billableSeconds())
                .append(BY_RATE, byRateDocument(totals.byRate()));
    }

    private static Document byRateDocument(Map<String, RateTotals> byRate) {
        Document rates = new Document();
        byRate.forEach((name, rate) -> rates.append(rateKey(name), new Document(RATE_CALLS, rate.calls())
                .append(RATE_BILLABLE_SECONDS, rate.billableSeconds())
                .append(RATE_COST, new Decimal128(rate.cost()))));
        return rates;
    }

    /**
     * The non-zero fields of a difference of totals as an {@code $inc}, the per-rate figures as dotted
     * paths ({@code byRate.<rate key>.cost}), so that a bucket's other rates are left as they are.
     */
    public static Document incDocument(StatsTotals delta) {
        Document inc = new Document();
        Document flat = totalsDocument(delta);
        flat.remove(BY_RATE);
        flat.forEach((field, value) -> {
            boolean zero = value instanceof Decimal128 decimal ? decimal(decimal).signum() == 0
                    : ((Number) value).longValue() == 0;
            if (!zero) {
                inc.append(field, value);
            }
        });
        delta.byRate().forEach((name, rate) -> {
            String path = BY_RATE + '.' + rateKey(name) + '.';
            if (rate.calls() != 0) {
                inc.append(path + RATE_CALLS, rate.calls());
            }
            if (rate.billableSeconds() != 0) {
                inc.append(path + RATE_BILLABLE_SECONDS, rate.billableSeconds());
            }
            if (rate.cost().signum() != 0) {
                inc.append(path + RATE_COST, new Decimal128(rate.cost()));
            }
        });
        return inc;
    }

    /**
     * A rate name as a field name and inside an entry string: {@code %}, {@code .}, {@code $} and
     * {@code ;} written as {@code %25}, {@code %2E}, {@code %24}, {@code %3B} (a field name holds no
     * {@code .} and starts with no {@code $}; an entry's parts are {@code ;}-separated).
     */
    public static String rateKey(String rateName) {
        StringBuilder key = new StringBuilder(rateName.length() + 8);
        for (int i = 0; i < rateName.length(); i++) {
            char c = rateName.charAt(i);
            switch (c) {
                case '%' -> key.append("%25");
                case '.' -> key.append("%2E");
                case '$' -> key.append("%24");
                case ';' -> key.append("%3B");
                default -> key.append(c);
            }
        }
        return key.toString();
    }

    public static String rateNameOf(String rateKey) {
        return rateKey.replace("%3B", ";").replace("%24", "$").replace("%2E", ".").replace("%25", "%");
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
                decimal(document.get(TOTAL_COST)),
                count(document, BILLABLE_SECONDS),
                byRateOf(document.get(BY_RATE)));
    }

    /** A bucket's {@code byRate} sub-document, or a scan slice's list of {@code {name, ...}} (a null name: calls not priced). */
    private static Map<String, RateTotals> byRateOf(Object value) {
        Map<String, RateTotals> rates = new TreeMap<>();
        if (value instanceof Document byKey) {
            byKey.forEach((key, figures) -> {
                if (figures instanceof Document rate) {
                    rates.merge(rateNameOf(key), rateTotalsOf(rate), RateTotals::plus);
                }
            });
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Document rate && rate.get(RATE_NAME) instanceof String name) {
                    rates.merge(name, rateTotalsOf(rate), RateTotals::plus);
                }
            }
        }
        return rates;
    }

    private static RateTotals rateTotalsOf(Document rate) {
        return new RateTotals(count(rate, RATE_CALLS), count(rate, RATE_BILLABLE_SECONDS), decimal(rate.get(RATE_COST)));
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
