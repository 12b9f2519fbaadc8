package io.cdrplatform.benchmarks.dashboard;

import io.cdrplatform.query.campaigns.CampaignActivity;
import io.cdrplatform.query.live.LiveCounters;
import io.cdrplatform.query.live.RedisLiveCounters;
import io.cdrplatform.store.redis.CounterKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The BASELINE of {@link DashboardBenchmark}: how {@code GET /campaigns} found its page in phase A of
 * issue 15, before the campaign index existed (query-lambda's former {@code ScanningCampaignIndex}
 * plus its per-campaign counter reads): a SCAN of every {@code campaign:*:last_activity} key, MGETs
 * of their values, a sort in memory, then each campaign's live counters read one after the other.
 * Kept only to measure the index against it in the same run.
 */
final class InterimScanningList {

    private static final int SCAN_COUNT = 1000;
    private static final Comparator<CampaignActivity> NEWEST_FIRST = Comparator
            .comparing(CampaignActivity::lastActivity).thenComparing(CampaignActivity::campaignId).reversed();

    private final StatefulRedisConnection<String, String> connection;
    private final RedisLiveCounters live;

    InterimScanningList(StatefulRedisConnection<String, String> connection, RedisLiveCounters live) {
        this.connection = connection;
        this.live = live;
    }

    /** The first page of at most {@code limit} campaigns active since {@code activeSince}, with their counters. */
    List<LiveCounters> firstPage(Instant activeSince, int limit) {
        RedisCommands<String, String> redis = connection.sync();
        List<String> keys = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(CounterKeys.lastActivity("*")).limit(SCAN_COUNT);
        KeyScanCursor<String> page = redis.scan(match);
        while (true) {
            keys.addAll(page.getKeys());
            if (page.isFinished()) {
                break;
            }
            page = redis.scan(ScanCursor.of(page.getCursor()), match);
        }
        List<CampaignActivity> all = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += SCAN_COUNT) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + SCAN_COUNT));
            for (KeyValue<String, String> value : redis.mget(chunk.toArray(String[]::new))) {
                String campaignId = CounterKeys.campaignOfLastActivity(value.getKey());
                if (campaignId != null && value.hasValue() && value.getValue().matches("-?[0-9]{1,19}")) {
                    Instant last = Instant.ofEpochMilli(Long.parseLong(value.getValue()));
                    if (!last.isBefore(activeSince)) {
                        all.add(new CampaignActivity(campaignId, last));
                    }
                }
            }
        }
        all.sort(NEWEST_FIRST);
        List<LiveCounters> items = new ArrayList<>();
        for (CampaignActivity entry : all.subList(0, Math.min(limit, all.size()))) {
            items.add(live.read(entry.campaignId()));
        }
        return items;
    }
}
