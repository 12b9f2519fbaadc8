package io.cdrplatform.query.cdrs;

import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.query.http.ApiRequest;
import io.cdrplatform.query.failure.BadParameterException;
import io.cdrplatform.query.http.Printable;
import io.cdrplatform.query.http.QueryParameters;
import io.cdrplatform.query.range.DateRangeReader;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the parameters of the CDR list and CSV export; anything wrong is a 400 naming the parameter. */
public final class CdrListRequestReader {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    static final Set<String> PARAMETERS = Set.of(DateRangeReader.START_DATE, DateRangeReader.END_DATE,
            "outcome", "limit", PageCursor.PARAMETER, "format");

    private CdrListRequestReader() {
    }

    public static CdrListRequest read(String campaignId, ApiRequest request) {
        QueryParameters query = request.query();
        query.allowOnly(PARAMETERS);
        CdrFilter filter = new CdrFilter(campaignId, DateRangeReader.read(query), outcomes(query));
        boolean csv = wantsCsv(query.single("format"), request.header("Accept"));
        String limitText = query.single("limit");
        String cursor = query.single(PageCursor.PARAMETER);
        if (csv && limitText != null) {
            throw new BadParameterException("limit", "limit does not apply to the CSV export, which holds every match; "
                    + "narrow it with startDate, endDate and outcome");
        }
        if (csv && cursor != null) {
            throw new BadParameterException(PageCursor.PARAMETER, "cursor does not apply to the CSV export, which holds every match");
        }
        if (cursor != null && cursor.isEmpty()) {
            throw new BadParameterException(PageCursor.PARAMETER, "cursor is empty; leave it out for the first page");
        }
        return new CdrListRequest(filter, limit(limitText), cursor, csv);
    }

    /** {@code limit}: absent is {@value #DEFAULT_LIMIT}, else a whole number from 1 to {@value #MAX_LIMIT}. */
    public static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        if (!text.matches("[0-9]{1,5}")) {
            throw badLimit(text);
        }
        int limit = Integer.parseInt(text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw badLimit(text);
        }
        return limit;
    }

    private static BadParameterException badLimit(String text) {
        return new BadParameterException("limit", "limit must be a whole number from 1 to " + MAX_LIMIT
                + ", got '" + Printable.of(text) + "'");
    }

    /** {@code outcome=busy,failed} or {@code outcome=busy&outcome=failed}: any of them. */
    private static Set<Outcome> outcomes(QueryParameters query) {
        Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
        for (String value : query.all("outcome")) {
            for (String name : value.split(",", -1)) {
                outcomes.add(Outcome.fromWireName(name.trim()).orElseThrow(() -> new BadParameterException("outcome",
                        "outcome '" + Printable.of(name) + "' is not one of " + Arrays.stream(Outcome.values())
                                .map(Outcome::wireName).collect(Collectors.joining(", ")))));
            }
        }
        return outcomes;
    }

    /** {@code format} wins; else CSV when the Accept header prefers text/csv to JSON. */
    private static boolean wantsCsv(String format, String accept) {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw new BadParameterException("format", "format must be json or csv, got '" + Printable.of(format) + "'");
            };
        }
        return accept != null && quality(accept, "text/csv") > quality(accept, "application/json");
    }

    /** The q-value an Accept header gives an exact media type (0 when not listed; wildcards ignored). */
    static double quality(String accept, String mediaType) {
        double best = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            // a range of only ';' splits into nothing
            if (parts.length == 0 || !parts[0].trim().equalsIgnoreCase(mediaType)) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.startsWith("q=") || parameter.startsWith("Q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            best = Math.max(best, q);
        }
        return best;
    }
}
