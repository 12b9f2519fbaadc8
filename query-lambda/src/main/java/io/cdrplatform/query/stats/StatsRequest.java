package io.cdrplatform.query.stats;

import io.cdrplatform.query.range.DateRange;
import java.time.ZoneId;

/** {@code GET /campaigns/{campaignId}/stats}, read and validated; {@code zone} buckets {@code byHour}. */
public record StatsRequest(String campaignId, DateRange range, ZoneId zone) {
}
