package io.cdrplatform.query.campaigns;

import io.cdrplatform.query.stores.RedisOutages;
import io.cdrplatform.store.redis.CounterKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * INTERIM campaign index until the logger keeps the sorted set {@code campaigns:last_activity}: the
 * campaigns are found by a SCAN of their {@code campaign:*:last_activity} keys and ordered in
 * memory. Costs a pass over the whole keyspace per call; replaced by the sorted set. A Redis failure
 * is a {@link io.cdrplatform.query.failure.StoreUnavailableException}.
 */
public final class ScanningCampaignIndex implements CampaignIndex {

    private static final int SCAN_COUNT = 1000;
    private static final Comparator<CampaignActivity> NEWEST_FIRST = Comparator
            .comparing(CampaignActivity::lastActivity).thenComparing(CampaignActivity::campaignId).reversed();

    private final RedisClient client;

    public ScanningCampaignIndex(RedisClient client) {
        this.client = client;
    }

    @Override
    public List<CampaignActivity> newestFirst(Instant activeSince, CampaignCursor after, int count) {
        return RedisOutages.read(() -> scan(activeSince, after, count));
    }

    private List<CampaignActivity> scan(Instant activeSince, CampaignCursor after, int count) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
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
                    String key = value.getKey();
                    if (!value.hasValue() || !value.getValue().matches("-?[0-9]{1,19}")) {
                        continue;
                    }
                    String campaignId = CounterKeys.campaignOfLastActivity(key);
                    Instant last = Instant.ofEpochMilli(Long.parseLong(value.getValue()));
                    if (campaignId != null && (activeSince == null || !last.isBefore(activeSince))) {
                        all.add(new CampaignActivity(campaignId, last));
                    }
                }
            }
            all.sort(NEWEST_FIRST);
            return all.stream().filter(entry -> after == null || after.isBefore(entry)).limit(count).toList();
        }
    }
}
