package io.cdrplatform.query.campaigns;

import io.cdrplatform.core.id.IdRule;
import io.cdrplatform.query.stores.RedisReads;
import io.cdrplatform.store.redis.CounterKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract's campaign index, the sorted set {@link CounterKeys#campaignIndex} (member = campaign
 * id, score = its {@code last_activity} in epoch ms) that the cdr-logger and {@code rebuild-counters}
 * keep: one {@code ZREVRANGEBYSCORE} from the cursor's score (or +inf) down to {@code activeSince} (or
 * -inf). Redis orders equal scores by member descending, which is this list's tie order, so the
 * keyset position (score, campaign id) is continued by dropping, at the cursor's own score, the
 * members at or after the cursor's id; only when a page is made of such ties is a further range read.
 * Never a scan of the keyspace or of CDRs. Members that are not campaign ids are skipped.
 */
public final class RedisCampaignIndex implements CampaignIndex {

    private static final String MESSAGE = "Redis does not answer, so the campaign list is not available; try again later";
    /** Extra entries asked for beyond the page, to absorb ties at the cursor's score in one read. */
    private static final int TIE_ALLOWANCE = 16;

    private final RedisReads redis;

    public RedisCampaignIndex(RedisReads redis) {
        this.redis = redis;
    }

    @Override
    public List<CampaignActivity> newestFirst(Instant activeSince, CampaignCursor after, int count) {
        if (after != null && activeSince != null && after.lastActivityMillis() < activeSince.toEpochMilli()) {
            return List.of();
        }
        return redis.read(MESSAGE, connection -> read(connection.sync(), activeSince, after, count));
    }

    private static List<CampaignActivity> read(RedisCommands<String, String> redis, Instant activeSince,
                                               CampaignCursor after, int count) {
        Range.Boundary<Long> low = activeSince == null ? Range.Boundary.unbounded()
                : Range.Boundary.including(activeSince.toEpochMilli());
        Range.Boundary<Long> high = after == null ? Range.Boundary.unbounded()
                : Range.Boundary.including(after.lastActivityMillis());
        Range<Long> range = Range.from(low, high);
        List<CampaignActivity> page = new ArrayList<>(count);
        int batch = after == null ? count : count + TIE_ALLOWANCE;
        long offset = 0;
        while (page.size() < count) {
            List<ScoredValue<String>> entries = redis.zrevrangebyscoreWithScores(CounterKeys.campaignIndex(), range,
                    Limit.create(offset, batch));
            for (ScoredValue<String> entry : entries) {
                CampaignActivity activity = new CampaignActivity(entry.getValue(),
                        Instant.ofEpochMilli((long) Math.floor(entry.getScore())));
                if (IdRule.ID.matches(activity.campaignId()) && (after == null || after.isBefore(activity))
                        && page.size() < count) {
                    page.add(activity);
                }
            }
            if (entries.size() < batch) {
                break;
            }
            offset += batch;
        }
        return page;
    }
}
