package io.cdrplatform.query.campaigns;

import java.time.Instant;

/**
 * {@code GET /campaigns}: campaigns active at or after {@code activeSince} (null: all), one page of
 * at most {@code limit}, after {@code cursor} (null: the first page).
 */
public record CampaignListRequest(Instant activeSince, int limit, CampaignCursor cursor) {
}
