package io.cdrplatform.query.campaigns;

import java.time.Instant;
import java.util.List;

/** The campaigns by last activity, newest first (ties by campaign id, descending). */
public interface CampaignIndex {

    /**
     * At most {@code count} campaigns whose last activity is at or after {@code activeSince} (null:
     * any), starting after {@code after} (null: from the newest).
     */
    List<CampaignActivity> newestFirst(Instant activeSince, CampaignCursor after, int count);
}
