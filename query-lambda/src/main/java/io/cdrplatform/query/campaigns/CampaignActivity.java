package io.cdrplatform.query.campaigns;

import java.time.Instant;

/** One entry of the campaign index: a campaign and the newest event timestamp seen for it. */
public record CampaignActivity(String campaignId, Instant lastActivity) {
}
