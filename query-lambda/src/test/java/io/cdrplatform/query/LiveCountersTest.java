package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveCountersTest extends QueryStores {

    @Test
    void the_redis_counters_are_answered_in_camel_case_with_zero_for_missing_keys() {
        // given some of the contract's keys for camp-1, and keys of campaigns with similar names
        redis.mset(Map.of(
                "campaign:camp-1:total_attempts", "12",
                "campaign:camp-1:active_calls", "3",
                "campaign:camp-1:answered", "7",
                "campaign:camp-1:opted_out", "1",
                "campaign:camp-1:no_answer", "2",
                "campaign:camp-1:last_activity", "1705314900123",
                "campaign:camp-1:action:transfer", "4",
                "campaign:camp-1:action:send_sms", "1",
                "campaign:camp-10:total_attempts", "99",
                "campaign:camp-1:action:x:total_attempts", "55"));

        // when
        JsonNode live = ok("/campaigns/camp-1/live");

        // then
        assertThat(live.get("campaignId").asText()).isEqualTo("camp-1");
        assertThat(live.get("totalAttempts").asLong()).isEqualTo(12);
        assertThat(live.get("activeCalls").asLong()).isEqualTo(3);
        assertThat(live.get("answered").asLong()).isEqualTo(7);
        assertThat(live.get("optedOut").asLong()).isEqualTo(1);
        assertThat(live.get("noAnswer").asLong()).isEqualTo(2);
        assertThat(live.get("busy").asLong()).isZero();
        assertThat(live.get("failed").asLong()).isZero();
        assertThat(live.get("converted").asLong()).isZero();
        assertThat(live.get("voicemail").asLong()).isZero();
        assertThat(live.get("lastActivity").asText()).isEqualTo("2024-01-15T10:35:00.123Z");
        assertThat(live.get("actions").size()).isEqualTo(2);
        assertThat(live.get("actions").get("transfer").asLong()).isEqualTo(4);
        assertThat(live.get("actions").get("send_sms").asLong()).isEqualTo(1);
    }

    @Test
    void a_campaign_without_keys_has_all_zeros_and_no_last_activity() {
        JsonNode live = ok("/campaigns/quiet/live");
        for (String name : new String[] {"totalAttempts", "activeCalls", "answered", "busy", "failed", "converted",
                "optedOut", "noAnswer", "voicemail"}) {
            assertThat(live.get(name).asLong()).as(name).isZero();
        }
        assertThat(live.get("lastActivity").isNull()).isTrue();
        assertThat(live.get("actions").isEmpty()).isTrue();
    }

    @Test
    void the_action_counts_are_found_among_many_other_keys() {
        // given more keys than one SCAN step looks at
        for (int i = 0; i < 3000; i++) {
            redis.set("campaign:other-" + i + ":total_attempts", "1");
        }
        redis.set("campaign:camp-1:action:callback", "9");

        assertThat(ok("/campaigns/camp-1/live").get("actions").get("callback").asLong()).isEqualTo(9);
    }

    @Test
    void the_action_types_come_from_the_campaigns_index_without_any_scan() {
        // given the keys of the first test, the campaign's complete index, and many other keys
        redis.mset(Map.of(
                "campaign:camp-1:total_attempts", "12",
                "campaign:camp-1:last_activity", "1705314900123",
                "campaign:camp-1:action:transfer", "4",
                "campaign:camp-1:action:send_sms", "1",
                "campaign:camp-1:action:x:total_attempts", "55"));
        redis.sadd("campaign:camp-1:action_types", ":complete", "transfer", "send_sms");
        for (int i = 0; i < 3000; i++) {
            redis.set("campaign:other-" + i + ":total_attempts", "1");
        }
        long scansBefore = scanCalls();

        // when
        JsonNode live = ok("/campaigns/camp-1/live");

        // then the same actions map as the SCAN found, and Redis ran no SCAN
        assertThat(live.get("totalAttempts").asLong()).isEqualTo(12);
        assertThat(live.get("lastActivity").asText()).isEqualTo("2024-01-15T10:35:00.123Z");
        assertThat(JSON.convertValue(live.get("actions"), Map.class)).isEqualTo(Map.of("transfer", 4, "send_sms", 1));
        assertThat(scanCalls()).isEqualTo(scansBefore);
    }

    @Test
    void an_indexed_type_whose_key_is_gone_reads_0_and_members_that_are_not_action_types_are_skipped() {
        // given an index listing a type whose counter was deleted, and a member that is no action type
        redis.set("campaign:camp-1:action:transfer", "2");
        redis.sadd("campaign:camp-1:action_types", ":complete", "transfer", "survey", "Not-A-Type");

        // when
        JsonNode actions = ok("/campaigns/camp-1/live").get("actions");

        // then
        assertThat(JSON.convertValue(actions, Map.class)).isEqualTo(Map.of("transfer", 2, "survey", 0));
    }

    @Test
    void a_campaign_with_a_complete_index_and_no_action_types_needs_no_scan() {
        redis.set("campaign:quiet:total_attempts", "3");
        redis.sadd("campaign:quiet:action_types", ":complete");
        long scansBefore = scanCalls();

        JsonNode live = ok("/campaigns/quiet/live");

        assertThat(live.get("totalAttempts").asLong()).isEqualTo(3);
        assertThat(live.get("actions").isEmpty()).isTrue();
        assertThat(scanCalls()).isEqualTo(scansBefore);
    }

    @Test
    void without_a_complete_index_the_action_keys_are_found_by_scan_as_before() {
        // given counters an older logger wrote (no index), then a newer logger indexed one new type
        redis.mset(Map.of("campaign:old:action:callback", "2", "campaign:old:action:transfer", "1"));
        redis.sadd("campaign:old:action_types", "transfer");
        long scansBefore = scanCalls();

        // when
        JsonNode actions = ok("/campaigns/old/live").get("actions");

        // then every action key is there, found by SCAN
        assertThat(JSON.convertValue(actions, Map.class)).isEqualTo(Map.of("callback", 2, "transfer", 1));
        assertThat(scanCalls()).isGreaterThan(scansBefore);

        // and with no index key at all, the same
        redis.del("campaign:old:action_types");
        assertThat(JSON.convertValue(ok("/campaigns/old/live").get("actions"), Map.class))
                .isEqualTo(Map.of("callback", 2, "transfer", 1));
    }

    @Test
    void an_index_key_that_is_not_a_set_is_no_index_and_a_campaign_ending_in_action_has_none() {
        // given campaign c's counter of the action type "action_types", which is where the index of
        // campaign "c:action" would be, and that campaign's own action counter
        redis.set("campaign:c:action:action_types", "5");
        redis.set("campaign:c:action:action:transfer", "7");

        // when / then both read their own action counters, found by SCAN
        assertThat(JSON.convertValue(ok("/campaigns/c/live").get("actions"), Map.class))
                .isEqualTo(Map.of("action_types", 5));
        assertThat(JSON.convertValue(ok("/campaigns/c:action/live").get("actions"), Map.class))
                .isEqualTo(Map.of("transfer", 7));

        // and an index key holding a string is read as no index, not as an error
        redis.set("campaign:odd:action_types", "oops");
        redis.set("campaign:odd:action:survey", "1");
        assertThat(JSON.convertValue(ok("/campaigns/odd/live").get("actions"), Map.class))
                .isEqualTo(Map.of("survey", 1));
    }

    /** How many SCAN commands the real redis-server has run (INFO commandstats). */
    private long scanCalls() {
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_scan:")) {
                java.util.regex.Matcher calls = java.util.regex.Pattern.compile("calls=(\\d+)").matcher(line);
                assertThat(calls.find()).isTrue();
                return Long.parseLong(calls.group(1));
            }
        }
        return 0;
    }

    @Test
    void redis_down_is_a_503_with_the_error_shape_and_redis_back_is_answered_again() {
        // given a handler that has talked to Redis, then Redis stops
        redis.set("campaign:camp-1:total_attempts", "5");
        QueryConfig config = QueryConfig.fromEnv(Map.of("REDIS_URL", redisServer.uri(), "REDIS_TIMEOUT_MS", "300"));
        QueryHandler own = new QueryHandler(database, config.redisClient(), SECRET, Clock.systemUTC());
        assertThat(own.handleRequest(ApiEvents.get("/campaigns/camp-1/live"), null).getStatusCode()).isEqualTo(200);
        redisServer.stop();
        try {
            // when
            APIGatewayV2HTTPResponse down = own.handleRequest(ApiEvents.get("/campaigns/camp-1/live"), null);
            APIGatewayV2HTTPResponse cdrsStillServed = own.handleRequest(ApiEvents.get("/campaigns/camp-1/cdrs"), null);

            // then
            assertThat(down.getStatusCode()).isEqualTo(503);
            assertThat(json(down).get("error").asText()).isEqualTo("redis_unavailable");
            assertThat(json(down).get("message").asText()).isNotBlank();
            assertThat(cdrsStillServed.getStatusCode()).isEqualTo(200);
        } finally {
            redisServer.restart();
            redisConnection = io.lettuce.core.RedisClient.create(redisServer.uri()).connect();
        }
        // and once Redis is back (empty, like a restarted cache node), counters are served again
        assertThat(own.handleRequest(ApiEvents.get("/campaigns/camp-1/live"), null).getStatusCode()).isEqualTo(200);
    }

    @Test
    void redis_never_reachable_at_start_does_not_break_the_other_routes() {
        // given a handler pointed at a port where nothing listens
        int closed = io.cdrplatform.testsupport.FreePorts.next();
        QueryConfig config = QueryConfig.fromEnv(Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", String.valueOf(closed),
                "REDIS_TIMEOUT_MS", "300"));
        QueryHandler own = new QueryHandler(database, config.redisClient(), SECRET, Clock.systemUTC());

        // when / then
        APIGatewayV2HTTPResponse live = own.handleRequest(ApiEvents.get("/campaigns/camp-1/live"), null);
        assertThat(live.getStatusCode()).isEqualTo(503);
        assertThat(json(live).get("error").asText()).isEqualTo("redis_unavailable");
        assertThat(own.handleRequest(ApiEvents.get("/campaigns/camp-1/stats"), null).getStatusCode()).isEqualTo(200);
    }
}
