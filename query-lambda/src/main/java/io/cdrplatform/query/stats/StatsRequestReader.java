package io.cdrplatform.query.stats;

import io.cdrplatform.query.http.ApiRequest;
import io.cdrplatform.query.failure.BadParameterException;
import io.cdrplatform.query.http.Printable;
import io.cdrplatform.query.http.QueryParameters;
import io.cdrplatform.query.range.DateRangeReader;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Set;

/** Reads {@code startDate}, {@code endDate} and {@code tz} (an IANA zone such as {@code Europe/Paris}; default UTC). */
public final class StatsRequestReader {

    private static final ZoneId UTC = ZoneId.of("UTC");
    static final Set<String> PARAMETERS = Set.of(DateRangeReader.START_DATE, DateRangeReader.END_DATE, "tz");

    private StatsRequestReader() {
    }

    public static StatsRequest read(String campaignId, ApiRequest request) {
        QueryParameters query = request.query();
        query.allowOnly(PARAMETERS);
        return new StatsRequest(campaignId, DateRangeReader.read(query), zone(query.single("tz")));
    }

    private static ZoneId zone(String tz) {
        if (tz == null) {
            return UTC;
        }
        ZoneId zone;
        try {
            // a '+' of an offset such as +05:30 arrives as a space when not escaped in the URL
            zone = ZoneId.of(tz.trim().replace(' ', '+'));
        } catch (DateTimeException e) {
            throw badZone(tz);
        }
        // byHour is built from 15-minute UTC slices: a fixed offset must be a whole number of quarter hours
        if (zone.getRules().isFixedOffset() && zone.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds() % 900 != 0) {
            throw badZone(tz);
        }
        return zone;
    }

    private static BadParameterException badZone(String tz) {
        return new BadParameterException("tz", "tz '" + Printable.of(tz)
                + "' is not an IANA time zone such as Europe/Paris or America/New_York (or an offset in quarter hours such as +05:30)");
    }
}
