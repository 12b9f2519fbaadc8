package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.counter.CounterContribution;
import io.cdrplatform.core.ingest.AppliedContribution;
import io.cdrplatform.logger.redis.RedisCallCounters;
import io.cdrplatform.logger.redis.RedisConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /campaigns}: the campaigns by last activity with their live counters, paged, read from
 * the campaign index {@code campaigns:last_activity} that the cdr-logger's own counter code writes
 * here (its {@code RedisCallCounters} on the same real redis-server).
 */
class CampaignListTest extends QueryStores {

    private static final AtomicInteger CALLS = new AtomicInteger();

    /** {@code attempts} calls of the campaign counted by the logger, one still active, the newest event at {@code lastActivity}. */
    private void campaign(String id, Instant lastActivity, long attempts) {
        List<AppliedContribution> calls = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            calls.add(new AppliedContribution("list-call-" + CALLS.incrementAndGet(), 1, new CounterContribution(id,
                    i == 0 ? EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS) : EnumSet.of(Counter.TOTAL_ATTEMPTS),
                    Set.of(), lastActivity.minusSeconds(i))));
        }
        try (RedisConnector connector = new RedisConnector(redisClient)) {
            new RedisCallCounters(connector, Duration.ofDays(1), Duration.ofSeconds(5)).apply(calls);
        }
    }

    @Test
    void campaigns_come_newest_activity_first_with_their_live_counters() {
        campaign("old", NOW.minusSeconds(7200), 5);
        campaign("new", NOW.minusSeconds(10), 7);
        campaign("mid", NOW.minusSeconds(600), 3);

        JsonNode list = ok("/campaigns");

        List<String> ids = new ArrayList<>();
        list.get("items").forEach(item -> ids.add(item.get("campaignId").asText()));
        assertThat(ids).containsExactly("new", "mid", "old");
        JsonNode first = list.get("items").get(0);
        assertThat(first.get("lastActivity").asText()).isEqualTo("2024-03-01T11:59:50Z");
        assertThat(first.get("totalAttempts").asLong()).isEqualTo(7);
        assertThat(first.get("activeCalls").asLong()).isEqualTo(1);
        assertThat(first.has("actions")).isTrue();
        assertThat(list.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void active_since_takes_a_duration_a_date_or_an_instant() {
        campaign("old", Instant.parse("2024-02-27T23:00:00Z"), 1);
        campaign("yesterday", Instant.parse("2024-02-29T08:00:00Z"), 1);
        campaign("recent", NOW.minusSeconds(1800), 1);

        assertThat(ids(ok("/campaigns?activeSince=PT1H"))).containsExactly("recent");
        assertThat(ids(ok("/campaigns?activeSince=P2D"))).containsExactly("recent", "yesterday");
        assertThat(ids(ok("/campaigns?activeSince=2024-02-29"))).containsExactly("recent", "yesterday");
        assertThat(ids(ok("/campaigns?activeSince=2024-02-29T08:00:00Z"))).containsExactly("recent", "yesterday");
        assertThat(ids(ok("/campaigns?activeSince=2024-02-29T08:00:00.001Z"))).containsExactly("recent");
        assertThat(ids(ok("/campaigns?activeSince=P1W"))).containsExactly("recent", "yesterday", "old");
    }

    @ParameterizedTest(name = "activeSince={0} -> 400")
    @ValueSource(strings = {"yesterday", "1h", "PT", "-PT1H", "P-1D", "2024-13-01", "2024-02-29T08:00:00", "P99999999Y"})
    void a_bad_active_since_is_a_400_naming_it(String value) {
        var response = get("/campaigns?activeSince=" + value);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).contains("activeSince");
    }

    @Test
    void pages_follow_the_cursor_and_show_each_campaign_once_even_with_equal_activity_times() {
        for (int i = 0; i < 25; i++) {
            campaign(String.format("c-%02d", i), NOW.minusSeconds(i / 3), 1 + i % 2);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok("/campaigns?limit=10" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(String.format("c-%02d", i));
        }
        // ties (same second) come by campaign id descending
        expected.sort((a, b) -> {
            int ta = Integer.parseInt(a.substring(2)) / 3;
            int tb = Integer.parseInt(b.substring(2)) / 3;
            return ta != tb ? Integer.compare(ta, tb) : b.compareTo(a);
        });
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} -> 400")
    @ValueSource(strings = {"/campaigns?cursor=", "/campaigns?cursor=bm90LWEtY3Vyc29y", "/campaigns?cursor=%%%",
            "/campaigns?limit=0", "/campaigns?limit=1001", "/campaigns?since=PT1H", "/campaigns?limit=5&limit=6"})
    void bad_parameters_are_a_400(String pathAndQuery) {
        assertThat(get(pathAndQuery).getStatusCode()).isEqualTo(400);
    }

    @Test
    void many_campaigns_with_the_same_activity_time_are_each_listed_once_across_pages() {
        // given 40 campaigns active at the same millisecond between a newer and an older one
        campaign("newest", NOW, 1);
        for (int i = 0; i < 40; i++) {
            campaign(String.format("tie-%02d", i), NOW.minusSeconds(60), 1);
        }
        campaign("oldest", NOW.minusSeconds(3600), 1);

        // when read 3 at a time
        List<String> seen = all("/campaigns?limit=3");

        // then newest, the ties by id descending, oldest; each once
        List<String> expected = new ArrayList<>(List.of("newest"));
        for (int i = 39; i >= 0; i--) {
            expected.add(String.format("tie-%02d", i));
        }
        expected.add("oldest");
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void paging_within_an_active_since_window_ends_at_its_edge() {
        for (int i = 0; i < 12; i++) {
            campaign("w-" + i, NOW.minusSeconds(600L * i), 1);
        }

        assertThat(all("/campaigns?activeSince=PT1H&limit=2"))
                .containsExactly("w-0", "w-1", "w-2", "w-3", "w-4", "w-5", "w-6");
    }

    @Test
    void the_list_is_read_from_the_index_never_by_scanning_the_keyspace() {
        // given indexed campaigns, and counters of a campaign that is not in the index
        campaign("indexed-1", NOW.minusSeconds(5), 2);
        campaign("indexed-2", NOW.minusSeconds(9), 1);
        redis.mset(Map.of("campaign:unindexed:last_activity", Long.toString(NOW.toEpochMilli()),
                "campaign:unindexed:total_attempts", "9"));
        redis.configResetstat();

        // when
        JsonNode list = ok("/campaigns?activeSince=P1D");

        // then only the index's campaigns, and Redis ran no SCAN or KEYS
        assertThat(ids(list)).containsExactly("indexed-1", "indexed-2");
        assertThat(list.get("items").get(0).get("totalAttempts").asLong()).isEqualTo(2);
        assertThat(redis.info("commandstats")).doesNotContain("cmdstat_scan:").doesNotContain("cmdstat_keys:")
                .contains("cmdstat_zrevrangebyscore:");
    }

    @Test
    void the_live_counters_of_a_page_are_read_in_one_pipelined_pass_action_counters_included() {
        // given campaigns with action counters (indexed by the logger)
        List<AppliedContribution> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(new AppliedContribution("act-" + i, 1, new CounterContribution("act-camp-" + i,
                    EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ANSWERED), Set.of("transfer", "survey_" + i),
                    NOW.minusSeconds(i))));
        }
        try (RedisConnector connector = new RedisConnector(redisClient)) {
            new RedisCallCounters(connector, Duration.ofDays(1), Duration.ofSeconds(5)).apply(calls);
        }

        // when
        JsonNode items = ok("/campaigns").get("items");

        // then each item has its own counters and action counters, as /live shows them
        assertThat(items).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(items.get(i).get("campaignId").asText()).isEqualTo("act-camp-" + i);
            assertThat(items.get(i).get("answered").asLong()).isEqualTo(1);
            assertThat(JSON.convertValue(items.get(i).get("actions"), Map.class))
                    .isEqualTo(Map.of("transfer", 1, "survey_" + i, 1));
            assertThat(items.get(i)).isEqualTo(ok("/campaigns/act-camp-" + i + "/live"));
        }
    }

    @Test
    void a_page_of_hundreds_of_campaigns_gives_each_its_own_counters() {
        // given 250 campaigns (more than one MGET's worth), each with its own number of attempts
        for (int i = 0; i < 250; i++) {
            campaign(String.format("many-%03d", i), NOW.minusSeconds(i), 1 + i % 4);
        }

        // when one page holds them all
        JsonNode items = ok("/campaigns?limit=1000").get("items");

        // then item i is campaign i, with its attempts and last activity
        assertThat(items).hasSize(250);
        for (int i = 0; i < 250; i++) {
            JsonNode item = items.get(i);
            assertThat(item.get("campaignId").asText()).isEqualTo(String.format("many-%03d", i));
            assertThat(item.get("totalAttempts").asLong()).as("campaign %d", i).isEqualTo(1 + i % 4);
            assertThat(item.get("activeCalls").asLong()).isEqualTo(1);
            assertThat(Instant.parse(item.get("lastActivity").asText())).isEqualTo(NOW.minusSeconds(i));
        }
    }

    @Test
    void an_index_member_that_is_no_campaign_id_is_skipped_not_a_500() {
        campaign("good", NOW.minusSeconds(1), 1);
        redis.zadd("campaigns:last_activity", NOW.toEpochMilli(), "not a campaign id");

        assertThat(ids(ok("/campaigns"))).containsExactly("good");
    }

    @Test
    void redis_down_is_a_503_and_the_list_is_served_again_when_it_is_back() {
        campaign("before", NOW, 1);
        QueryConfig config = QueryConfig.fromEnv(Map.of("REDIS_URL", redisServer.uri(), "REDIS_TIMEOUT_MS", "300"));
        QueryHandler own = new QueryHandler(database, config.redisClient(), SECRET, Clock.systemUTC());
        assertThat(own.handleRequest(ApiEvents.get("/campaigns"), null).getStatusCode()).isEqualTo(200);
        redisServer.stop();
        try {
            APIGatewayV2HTTPResponse down = own.handleRequest(ApiEvents.get("/campaigns"), null);
            assertThat(down.getStatusCode()).isEqualTo(503);
            assertThat(json(down).get("error").asText()).isEqualTo("redis_unavailable");
        } finally {
            redisServer.restart();
            redisConnection = io.lettuce.core.RedisClient.create(redisServer.uri()).connect();
        }
        assertThat(own.handleRequest(ApiEvents.get("/campaigns"), null).getStatusCode()).isEqualTo(200);
    }

    /** Every page from the first, following nextCursor; the campaign ids in order. */
    private List<String> all(String first) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(first + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return seen;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("campaignId").asText()));
        return ids;
    }
}
