package io.cdrplatform.query.campaigns;

import io.cdrplatform.query.live.LiveCounters;
import io.cdrplatform.query.live.RedisLiveCounters;
import java.util.ArrayList;
import java.util.List;

/** One page of the campaign list: the index's entries, each with its live counters. */
public final class CampaignListService {

    private final CampaignIndex index;
    private final RedisLiveCounters live;

    public CampaignListService(CampaignIndex index, RedisLiveCounters live) {
        this.index = index;
        this.live = live;
    }

    public record Page(List<LiveCounters> items, CampaignCursor next) {
    }

    public Page page(CampaignListRequest request) {
        List<CampaignActivity> entries = index.newestFirst(request.activeSince(), request.cursor(), request.limit() + 1);
        boolean more = entries.size() > request.limit();
        List<CampaignActivity> shown = more ? entries.subList(0, request.limit()) : entries;
        List<LiveCounters> items = new ArrayList<>(shown.size());
        for (CampaignActivity entry : shown) {
            items.add(live.read(entry.campaignId()));
        }
        return new Page(items, more ? CampaignCursor.after(shown.get(shown.size() - 1)) : null);
    }
}
