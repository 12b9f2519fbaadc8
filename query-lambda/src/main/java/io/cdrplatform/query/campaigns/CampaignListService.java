package io.cdrplatform.query.campaigns;

import io.cdrplatform.query.live.LiveCounters;
import io.cdrplatform.query.live.RedisLiveCounters;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of the campaign list: the index's entries, then the live counters of all of them in one
 * pipelined read. An entry whose {@code last_activity} key is missing (deleted by hand) shows the
 * index's time, by which it was ordered.
 */
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
        List<LiveCounters> counters = live.readAll(shown.stream().map(CampaignActivity::campaignId).toList());
        List<LiveCounters> items = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            LiveCounters item = counters.get(i);
            items.add(item.lastActivity() != null ? item
                    : new LiveCounters(item.campaignId(), item.counters(), shown.get(i).lastActivity(), item.actions()));
        }
        return new Page(items, more ? CampaignCursor.after(shown.get(shown.size() - 1)) : null);
    }
}
