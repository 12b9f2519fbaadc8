package io.cdrplatform.query.campaigns;

import io.cdrplatform.query.cdrs.CdrListRequestReader;
import io.cdrplatform.query.http.ApiRequest;
import io.cdrplatform.query.failure.BadParameterException;
import io.cdrplatform.query.http.Printable;
import io.cdrplatform.query.http.QueryParameters;
import io.cdrplatform.query.range.DateRangeReader;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Reads {@code activeSince} (an instant, a date meaning its first UTC millisecond, or an ISO-8601
 * duration back from now: {@code PT1H}, {@code P7D}, also {@code P1W}/{@code P1M} counted in UTC
 * calendar terms), {@code limit} (1-1000, default 100) and {@code cursor}; anything else is a 400.
 */
public final class CampaignListRequestReader {

    public static final String ACTIVE_SINCE = "activeSince";
    static final Set<String> PARAMETERS = Set.of(ACTIVE_SINCE, "limit", CampaignCursor.PARAMETER);

    /** Back to year 0001 from any year up to 9999 is never longer than this. */
    private static final Duration LONGEST = Duration.ofDays(366L * 10_000);
    private static final long LONGEST_MONTHS = 12L * 10_000;

    private CampaignListRequestReader() {
    }

    public static CampaignListRequest read(ApiRequest request, Clock clock) {
        QueryParameters query = request.query();
        query.allowOnly(PARAMETERS);
        String since = query.single(ACTIVE_SINCE);
        String cursor = query.single(CampaignCursor.PARAMETER);
        if (cursor != null && cursor.isEmpty()) {
            throw new BadParameterException(CampaignCursor.PARAMETER, "cursor is empty; leave it out for the first page");
        }
        return new CampaignListRequest(since == null ? null : activeSince(since.trim(), clock),
                CdrListRequestReader.limit(query.single("limit")), cursor == null ? null : CampaignCursor.decode(cursor));
    }

    private static Instant activeSince(String text, Clock clock) {
        if (!(text.startsWith("P") || text.startsWith("p") || text.startsWith("-"))) {
            return DateRangeReader.start(ACTIVE_SINCE, text);
        }
        Instant now = clock.instant();
        try {
            Duration duration = Duration.parse(text);
            if (!duration.isNegative() && duration.compareTo(LONGEST) <= 0) {
                return now.minus(duration);
            }
        } catch (DateTimeException | ArithmeticException notADuration) {
            try {
                Period period = Period.parse(text);
                if (!period.isNegative() && period.toTotalMonths() <= LONGEST_MONTHS) {
                    return now.atZone(ZoneOffset.UTC).minus(period).toInstant();
                }
            } catch (DateTimeException | ArithmeticException notAPeriod) {
                // the same 400 below
            }
        }
        throw badSince(text);
    }

    private static BadParameterException badSince(String text) {
        return new BadParameterException(ACTIVE_SINCE, ACTIVE_SINCE + " '" + Printable.of(text)
                + "' is neither an instant (2024-01-15T10:35:00Z), a date (2024-01-15) nor a duration back from now "
                + "(PT1H, P7D)");
    }
}
