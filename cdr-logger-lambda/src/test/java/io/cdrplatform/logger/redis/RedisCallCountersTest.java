package io.cdrplatform.logger.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.counter.CounterContribution;
import io.cdrplatform.core.ingest.AppliedContribution;
import io.cdrplatform.logger.TestServers;
import io.cdrplatform.store.redis.CallStateHash;
import io.cdrplatform.store.redis.CounterKeys;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisCallCountersTest {
    private static final Instant T0 = Instant.parse("2024-01-15T10:35:00Z");
    private static TestServers servers;

    private RedisConnector connector;
    private RedisCallCounters counters;

    @BeforeAll
    static void startServers() {
        servers = TestServers.start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @BeforeEach
    void setUp() {
        servers.flushRedis();
        connector = new RedisConnector(servers.redis);
        counters = new RedisCallCounters(connector, Duration.ofDays(15), Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() {
        connector.close();
    }

    @Test
    void aCallsFirstContributionIncrementsItsCountersAndLastActivity() {
        // when a dialing call with an action is applied
        counters.apply(List.of(applied("c-1", 1, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS),
                Set.of("transfer"), T0)));

        // then
        assertThat(servers.counters()).isEqualTo(Map.of(
                "campaign:camp:total_attempts", "1",
                "campaign:camp:active_calls", "1",
                "campaign:camp:action:transfer", "1",
                "campaign:camp:last_activity", Long.toString(T0.toEpochMilli())));
        assertThat(servers.campaignIndex()).isEqualTo(Map.of("camp", Long.toString(T0.toEpochMilli())));
    }

    @Test
    void aNewerVersionMovesTheCountersByTheDifference() {
        // given an active call
        counters.apply(List.of(applied("c-1", 1, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS),
                Set.of(), T0)));

        // when it ends answered
        counters.apply(List.of(applied("c-1", 2, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ANSWERED),
                Set.of("survey"), T0.plusSeconds(60))));

        // then it is counted once, no longer active
        assertThat(servers.counters()).containsEntry("campaign:camp:total_attempts", "1")
                .doesNotContainKey("campaign:camp:active_calls")
                .containsEntry("campaign:camp:answered", "1")
                .containsEntry("campaign:camp:action:survey", "1")
                .containsEntry("campaign:camp:last_activity", Long.toString(T0.plusSeconds(60).toEpochMilli()));
    }

    @Test
    void theSameOrAnOlderVersionChangesNothingButLastActivityNeverMovesBack() {
        // given version 2 is applied
        AppliedContribution v2 = applied("c-1", 2, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.BUSY), Set.of(),
                T0.plusSeconds(30));
        counters.apply(List.of(v2));
        Map<String, String> before = servers.counters();

        // when version 2 comes again and version 1 comes late
        counters.apply(List.of(v2, applied("c-1", 1, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS),
                Set.of(), T0)));

        // then nothing moved
        assertThat(servers.counters()).isEqualTo(before);
        assertThat(servers.campaignIndex()).isEqualTo(Map.of("camp", Long.toString(T0.plusSeconds(30).toEpochMilli())));
    }

    @Test
    void theCampaignIndexHoldsEachCampaignAtItsLastActivityWhateverTheOrderAndRedelivery() {
        // given calls of three campaigns, each applied as versions 1..3 with growing activity,
        // and campaigns "a" and "b" with their newest event in the middle version
        List<AppliedContribution> all = new ArrayList<>();
        Map<String, Long> newest = new TreeMap<>();
        String[] campaigns = {"a", "b", "c"};
        for (int call = 0; call < 30; call++) {
            String campaign = campaigns[call % 3];
            for (int version = 1; version <= 3; version++) {
                Instant at = T0.plusSeconds(call * 10L + (version == 2 && !campaign.equals("c") ? 100 : version));
                all.add(applied("call-" + call, version, campaign, EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of(), at));
                newest.merge(campaign, at.toEpochMilli(), Math::max);
            }
        }
        Random random = new Random(15);
        for (int round = 0; round < 5; round++) {
            // when every contribution, plus a third of them again, is applied shuffled in random batches
            servers.flushRedis();
            List<AppliedContribution> deliveries = new ArrayList<>(all);
            deliveries.addAll(all.subList(0, all.size() / 3));
            Collections.shuffle(deliveries, random);
            for (int from = 0; from < deliveries.size(); ) {
                int size = 1 + random.nextInt(Math.min(12, deliveries.size() - from));
                counters.apply(deliveries.subList(from, from + size));
                from += size;
            }

            // then the index lists each campaign once, at its newest activity, equal to its last_activity key
            Map<String, String> expected = new TreeMap<>();
            newest.forEach((campaign, millis) -> expected.put(campaign, Long.toString(millis)));
            assertThat(servers.campaignIndex()).as("round %d", round).isEqualTo(expected)
                    .isEqualTo(servers.lastActivityKeys());
        }
    }

    @Test
    void theCampaignIndexFollowsALastActivityKeyThatIsAlreadyNewer() {
        // given last_activity keys an older logger wrote, one newer than what comes, one older
        servers.redisCommands().set("campaign:old:last_activity", "4102444800000");
        servers.redisCommands().set("campaign:stale:last_activity", "1000");

        // when calls of both campaigns are counted
        counters.apply(List.of(applied("c-1", 1, "old", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of(), T0),
                applied("c-2", 1, "stale", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of(), T0)));

        // then the key only moved forward, and the index holds what the key holds
        assertThat(servers.campaignIndex()).isEqualTo(Map.of(
                "old", "4102444800000",
                "stale", Long.toString(T0.toEpochMilli())))
                .isEqualTo(servers.lastActivityKeys());
    }

    @Test
    void measuresTheMemoryOfTheCampaignIndexPerCampaign() {
        // given 1,000 campaigns with 20-character ids
        List<AppliedContribution> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(applied("m-" + i, 1, String.format("spring-campaign-%04d", i), EnumSet.of(Counter.TOTAL_ATTEMPTS),
                    Set.of(), T0.plusMillis(i)));
        }
        counters.apply(batch);

        // when
        long bytes = servers.redisCommands().memoryUsage("campaigns:last_activity");

        // then it is a small sorted set (the README states the figure)
        System.out.println("MEMORY USAGE of the campaign index, 1,000 campaigns: " + bytes + " bytes");
        assertThat(servers.campaignIndex()).hasSize(1000);
        assertThat(bytes).isBetween(20_000L, 200_000L);
    }

    @Test
    void aCallThatTurnsOutToBelongToAnotherCampaignMovesThere() {
        // given the call was counted in campaign a
        counters.apply(List.of(applied("c-1", 1, "a", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS),
                Set.of("x"), T0)));

        // when an earlier event says campaign b
        counters.apply(List.of(applied("c-1", 2, "b", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS),
                Set.of("x"), T0)));

        // then a no longer counts it and b does
        assertThat(servers.redisCommands().get("campaign:a:total_attempts")).isEqualTo("0");
        assertThat(servers.redisCommands().get("campaign:a:active_calls")).isEqualTo("0");
        assertThat(servers.redisCommands().get("campaign:a:action:x")).isEqualTo("0");
        assertThat(servers.counters()).containsEntry("campaign:b:total_attempts", "1").containsEntry("campaign:b:active_calls", "1")
                .containsEntry("campaign:b:action:x", "1");
    }

    @Test
    void aNewerVersionWithTheSameContributionMovesNoCounterButIsRecordedAsApplied() {
        // given version 1 of an active call with an action
        counters.apply(List.of(applied("c-1", 1, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS),
                Set.of("transfer"), T0)));
        Map<String, String> before = servers.counters();

        // when version 2 (a key press: same counters, same actions) is applied, then version 2 again
        AppliedContribution v2 = applied("c-1", 2, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS),
                Set.of("transfer"), T0);
        counters.apply(List.of(v2));
        counters.apply(List.of(v2));

        // then no counter moved, and the hash says version 2 was applied
        assertThat(servers.counters()).isEqualTo(before);
        assertThat(servers.redisCommands().hget(CallStateHash.key("c-1"), "v")).isEqualTo("2");

        // and a version 3 that only changes the action types moves only those
        counters.apply(List.of(applied("c-1", 3, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS),
                Set.of("survey", "transfer"), T0)));
        counters.apply(List.of(applied("c-1", 4, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS),
                Set.of("survey"), T0)));
        assertThat(servers.counters()).containsEntry("campaign:camp:total_attempts", "1")
                .containsEntry("campaign:camp:active_calls", "1")
                .containsEntry("campaign:camp:action:survey", "1")
                .doesNotContainKey("campaign:camp:action:transfer");
    }

    @Test
    void eachCountedActionTypeIsAddedToTheCampaignsIndexAndRedeliveryLeavesItExact() {
        // given two calls of a new campaign with actions, and one of a campaign without any
        List<AppliedContribution> batch = List.of(
                applied("c-1", 1, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS), Set.of("transfer"), T0),
                applied("c-2", 2, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ANSWERED),
                        Set.of("survey", "transfer"), T0),
                applied("c-3", 1, "quiet", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of(), T0));

        // when they are applied, then delivered again, and c-1 moves on with the same actions
        counters.apply(batch);
        Map<String, Set<String>> first = servers.actionTypeIndexes();
        counters.apply(batch);
        counters.apply(List.of(applied("c-1", 2, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.NO_ANSWER),
                Set.of("transfer"), T0)));

        // then each campaign's index holds its action types and the complete-marker, nothing else
        assertThat(first).isEqualTo(Map.of(
                "campaign:camp:action_types", Set.of(":complete", "survey", "transfer"),
                "campaign:quiet:action_types", Set.of(":complete")));
        assertThat(servers.actionTypeIndexes()).isEqualTo(first);
        assertThat(servers.redisCommands().ttl("campaign:camp:action_types")).isEqualTo(-1L);
    }

    @Test
    void aCampaignWhoseCountersPredateTheIndexGetsNoCompleteMarker() {
        // given counters an older logger wrote (no index)
        servers.redisCommands().set("campaign:old:total_attempts", "5");
        servers.redisCommands().set("campaign:old:action:callback", "2");

        // when a new call with another action type is counted
        counters.apply(List.of(applied("c-9", 1, "old", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of("transfer"), T0)));

        // then the index lists the new type but does not claim to be complete (callback is not in it)
        assertThat(servers.actionTypeIndexes()).isEqualTo(Map.of("campaign:old:action_types", Set.of("transfer")));
    }

    @Test
    void aCampaignIdEndingInActionHasNoIndexSoItNeverCollidesWithAnActionCounter() {
        // given campaign "c" counts the action type "action_types" (key campaign:c:action:action_types,
        // which is where the index of campaign "c:action" would be), and campaign "c:action" has calls
        List<AppliedContribution> batch = List.of(
                applied("c-1", 1, "c:action", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of("transfer"), T0),
                applied("c-2", 1, "c", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of("action_types"), T0),
                applied("c-3", 1, "c:action", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of("survey"), T0));

        // when applied twice
        counters.apply(batch);
        counters.apply(batch);

        // then every counter is right, and only campaign c has an index
        assertThat(servers.counters()).containsEntry("campaign:c:action:action_types", "1")
                .containsEntry("campaign:c:action:total_attempts", "2")
                .containsEntry("campaign:c:action:action:transfer", "1")
                .containsEntry("campaign:c:total_attempts", "1");
        assertThat(servers.actionTypeIndexes()).isEqualTo(Map.of(
                "campaign:c:action_types", Set.of(":complete", "action_types")));
        assertThat(CounterKeys.hasActionTypesIndex("c:action")).isFalse();
        assertThat(CounterKeys.hasActionTypesIndex("c:actions")).isTrue();
    }

    @Test
    void countersNeverGoNegativeEvenWhenSomeoneResetThem() {
        // given an active call whose counter an operator deleted
        counters.apply(List.of(applied("c-1", 1, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ACTIVE_CALLS),
                Set.of(), T0)));
        servers.redisCommands().del("campaign:camp:active_calls");

        // when it ends
        counters.apply(List.of(applied("c-1", 2, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.NO_ANSWER),
                Set.of(), T0)));

        // then active_calls is not negative
        assertThat(servers.redisCommands().get("campaign:camp:active_calls")).isNull();
        assertThat(servers.counters()).containsEntry("campaign:camp:no_answer", "1");
    }

    @Test
    void theScriptIsLoadedAgainWhenRedisLostItsScriptCache() {
        // given the script cache is flushed (as after a restart or failover)
        counters.apply(List.of(applied("c-1", 1, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of(), T0)));
        servers.redisCommands().scriptFlush();

        // when another call is applied
        counters.apply(List.of(applied("c-2", 1, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of(), T0)));

        // then it counted
        assertThat(servers.counters()).containsEntry("campaign:camp:total_attempts", "2");
    }

    @Test
    void thePerCallStateHashExpiresAfterTheTtl() {
        // when a call is applied
        counters.apply(List.of(applied("c-1", 1, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of("a", "b"), T0)));

        // then its hash holds version, campaign, mask and actions, with a 15-day TTL
        assertThat(servers.redisCommands().hgetall("cdr-logger:call:c-1")).isEqualTo(Map.of(
                "v", "1", "c", "camp", "m", "1", "a", "a,b"));
        assertThat(servers.redisCommands().ttl("cdr-logger:call:c-1")).isBetween(15 * 86_400L - 5, 15 * 86_400L);
    }

    @Test
    void failsFastWhenRedisIsDownAndRecoversWhenItIsBack() {
        // given Redis goes away
        servers.redisServer.stop();
        try {
            // when counters are applied, then it fails promptly
            assertThatThrownBy(() -> counters.apply(List.of(applied("c-1", 1, "camp",
                    EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of(), T0)))).isInstanceOf(RedisException.class);
        } finally {
            servers.redisServer.restart();
        }
        // and once it is back the next batch goes through on a new connection
        counters.apply(List.of(applied("c-1", 1, "camp", EnumSet.of(Counter.TOTAL_ATTEMPTS), Set.of(), T0)));
        assertThat(servers.counters()).containsEntry("campaign:camp:total_attempts", "1");
    }

    @Test
    void measuresTheMemoryOfOnePerCallStateHash() {
        // given typical calls: a UUID callId, a campaign id, two action types
        servers.redisCommands().configSet("lazyfree-lazy-user-del", "no");
        for (int i = 0; i < 100; i++) {
            counters.apply(List.of(applied(java.util.UUID.randomUUID().toString(), 3, "spring-campaign-2024",
                    EnumSet.of(Counter.TOTAL_ATTEMPTS, Counter.ANSWERED, Counter.CONVERTED), Set.of("transfer", "survey"),
                    T0)));
        }

        // when MEMORY USAGE is asked for each hash
        long total = 0;
        List<String> keys = servers.redisCommands().keys("cdr-logger:call:*");
        for (String key : keys) {
            total += servers.redisCommands().memoryUsage(key);
        }
        long perCall = total / keys.size();

        // then it is small (the README states the figure)
        System.out.println("MEMORY USAGE per call-state hash: " + perCall + " bytes");
        assertThat(perCall).isBetween(50L, 200L);
    }

    @Test
    void measuresTheMemoryOfOneCampaignsActionTypeIndex() {
        // given a campaign with three action types
        counters.apply(List.of(applied("c-1", 1, "spring-campaign-2024", EnumSet.of(Counter.TOTAL_ATTEMPTS),
                Set.of("transfer", "survey", "callback"), T0)));

        // when
        long bytes = servers.redisCommands().memoryUsage("campaign:spring-campaign-2024:action_types");

        // then it is one small set (the README states the figure)
        System.out.println("MEMORY USAGE of one action-type index (3 types + marker): " + bytes + " bytes");
        assertThat(bytes).isBetween(50L, 500L);
    }

    static AppliedContribution applied(String callId, long version, String campaign, Set<Counter> set,
                                       Set<String> actions, Instant lastActivity) {
        return new AppliedContribution(callId, version, new CounterContribution(campaign, set, actions, lastActivity));
    }
}
