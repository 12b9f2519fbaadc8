package io.cdrplatform.query.cdrs;

/**
 * {@code GET /campaigns/{campaignId}/cdrs}, read and validated.
 *
 * @param cursor the raw cursor (checked against the filter by the service), or null for the first page
 * @param csv    true for the CSV export of all matches (then limit and cursor are unused)
 */
public record CdrListRequest(CdrFilter filter, int limit, String cursor, boolean csv) {
}
