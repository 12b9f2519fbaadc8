package io.cdrplatform.logger.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.logger.CallScenarios;
import io.cdrplatform.logger.Deliveries;
import io.cdrplatform.logger.RecordingMetrics;
import io.cdrplatform.logger.SqsEventHandler;
import io.cdrplatform.logger.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RebuildCountersCommandTest {
    private static TestServers servers;

    private MongoDatabase database;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

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
        database = servers.freshDatabase();
    }

    private int run(String... args) {
        return RebuildCountersCommand.run(args, Map.of(
                "MONGODB_URI", servers.mongoServer.connectionString(),
                "MONGODB_DATABASE", database.getName(),
                "REDIS_HOST", "127.0.0.1",
                "REDIS_PORT", Integer.toString(servers.redisServer.port())),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private CallScenarios deliver(int calls, String prefix) {
        CallScenarios scenarios = CallScenarios.generate(new Random(calls), calls, prefix);
        SqsEventHandler handler = new SqsEventHandler(database, servers.redis, Clock.systemUTC(), Tariff.defaults(),
                new RecordingMetrics());
        List<String> events = scenarios.inOrder();
        for (int i = 0; i < events.size(); i += 100) {
            handler.handleRequest(Deliveries.sqs(events.subList(i, Math.min(events.size(), i + 100)), false), null);
        }
        return scenarios;
    }

    @Test
    void rebuildsEveryCampaignsCountersAndPerCallStatesFromMongoDb() {
        // given counters that drifted: some lost, one made up, a stale action key
        CallScenarios scenarios = deliver(250, "rb");
        servers.redisCommands().del("campaign:camp-a:total_attempts", "campaign:camp-b:answered");
        servers.redisCommands().set("campaign:camp-c:busy", "999");
        servers.redisCommands().set("campaign:camp-a:action:no_longer_used", "4");
        servers.redisCommands().sadd("campaign:camp-a:action_types", "no_longer_used");
        servers.redisCommands().del("campaign:camp-b:action_types");
        servers.redisCommands().del(servers.redisCommands().keys("cdr-logger:call:*").toArray(new String[0]));

        // when rebuild-counters runs for all campaigns
        int status = run("rebuild-counters");

        // then counters are the contract's, each call has its per-call state, and progress was printed
        assertThat(status).isZero();
        assertThat(servers.counters()).isEqualTo(scenarios.expectedCounters());
        assertThat(servers.actionTypeIndexes()).isEqualTo(scenarios.expectedActionTypeIndexes());
        assertThat(servers.redisCommands().keys("cdr-logger:call:*")).hasSize(250);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("all campaigns, about 250 call records").contains("250 call records read, 3 campaigns")
                .contains("done: 250 calls");
    }

    @Test
    void theWholeRebuildMakesTheCampaignIndexListExactlyTheCampaignsWithALastActivity() {
        // given the index drifted: one entry lost, one at a wrong score, one of a campaign without keys;
        // and a campaign whose records are gone but whose counters remain (expired CDRs)
        CallScenarios scenarios = deliver(150, "ci");
        assertThat(servers.campaignIndex()).isEqualTo(scenarios.expectedCampaignIndex());
        servers.redisCommands().zrem("campaigns:last_activity", "camp-a");
        servers.redisCommands().zadd("campaigns:last_activity", 5, "camp-b");
        servers.redisCommands().zadd("campaigns:last_activity", 7, "gone");
        servers.redisCommands().set("campaign:expired:total_attempts", "4");
        servers.redisCommands().set("campaign:expired:last_activity", "1600000000000");

        // when
        int status = run("rebuild-counters");

        // then the index is each campaign's last_activity, the expired campaign included, "gone" removed
        assertThat(status).isZero();
        Map<String, String> expected = new TreeMap<>(scenarios.expectedCampaignIndex());
        expected.put("expired", "1600000000000");
        assertThat(servers.campaignIndex()).isEqualTo(expected).isEqualTo(servers.lastActivityKeys());
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("campaign index: 4 campaigns, 1 entries without last_activity removed");
    }

    @Test
    void theWholeRebuildIndexesCountersALoggerWithoutTheIndexWrote() {
        // given counters without any index (Redis lost, or written before the index existed)
        CallScenarios scenarios = deliver(60, "up");
        servers.redisCommands().del("campaigns:last_activity");

        // when
        run();

        // then
        assertThat(servers.campaignIndex()).isEqualTo(scenarios.expectedCampaignIndex()).hasSize(3);
    }

    @Test
    void aCampaignRebuildSetsOnlyThatCampaignsIndexEntry() {
        // given everything lost
        CallScenarios scenarios = deliver(90, "cx");
        servers.flushRedis();
        servers.redisCommands().zadd("campaigns:last_activity", 7, "gone");

        // when only camp-c is rebuilt
        run("--campaign", "camp-c");

        // then its entry is back, at its last activity; the other entries are left as they are
        assertThat(servers.campaignIndex()).isEqualTo(Map.of(
                "camp-c", scenarios.expectedCampaignIndex().get("camp-c"),
                "gone", "7"));
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("campaign index:");
    }

    @Test
    void aCampaignIdEndingInActionIsNeverIndexedFromAnActionCountersKeyName() {
        // given campaign camp-a counts the action type last_activity: key campaign:camp-a:action:last_activity
        deliver(30, "ak");
        servers.redisCommands().set("campaign:camp-a:action:last_activity", "3");

        // when
        run();

        // then no campaign "camp-a:action" with score 3 appears
        assertThat(servers.campaignIndex()).doesNotContainKey("camp-a:action");
    }

    @Test
    void aCampaignRebuildTouchesOnlyThatCampaign() {
        // given every counter lost
        CallScenarios scenarios = deliver(90, "one");
        servers.flushRedis();

        // when only camp-b is rebuilt
        int status = run("--campaign", "camp-b");

        // then camp-b is exact and the others are untouched (still empty)
        assertThat(status).isZero();
        Map<String, String> campB = new TreeMap<>(scenarios.expectedCounters());
        campB.keySet().removeIf(key -> !key.startsWith("campaign:camp-b:"));
        assertThat(servers.counters()).isEqualTo(campB);
        assertThat(servers.actionTypeIndexes()).containsOnlyKeys("campaign:camp-b:action_types")
                .containsEntry("campaign:camp-b:action_types",
                        scenarios.expectedActionTypeIndexes().get("campaign:camp-b:action_types"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("campaign camp-b");
    }

    @Test
    void afterAFlushAllTheRebuildRestoresEveryCampaignsActionTypeIndex() {
        // given the logger built the indexes, then Redis lost everything
        CallScenarios scenarios = deliver(120, "ix");
        assertThat(servers.actionTypeIndexes()).isEqualTo(scenarios.expectedActionTypeIndexes());
        servers.flushRedis();

        // when
        int status = run("rebuild-counters");

        // then each index is back: the complete-marker and exactly the action types that have a counter
        assertThat(status).isZero();
        assertThat(servers.actionTypeIndexes()).isEqualTo(scenarios.expectedActionTypeIndexes())
                .allSatisfy((key, members) -> assertThat(members).contains(":complete").hasSizeGreaterThan(1));
        assertThat(servers.counters()).isEqualTo(scenarios.expectedCounters());
        assertThat(servers.campaignIndex()).isEqualTo(scenarios.expectedCampaignIndex());
    }

    @Test
    void rebuildingACampaignLeavesTheKeysOfACampaignWhoseIdExtendsItsActionPrefix() {
        // given campaign "camp-a:action:x" has counters and an index (keys matching campaign:camp-a:action:*)
        deliver(30, "px");
        servers.redisCommands().set("campaign:camp-a:action:x:total_attempts", "3");
        servers.redisCommands().set("campaign:camp-a:action:x:action:survey", "1");
        servers.redisCommands().sadd("campaign:camp-a:action:x:action_types", ":complete", "survey");

        // when camp-a is rebuilt
        run("--campaign", "camp-a");

        // then the other campaign's keys are untouched
        assertThat(servers.redisCommands().get("campaign:camp-a:action:x:total_attempts")).isEqualTo("3");
        assertThat(servers.redisCommands().get("campaign:camp-a:action:x:action:survey")).isEqualTo("1");
        assertThat(servers.redisCommands().smembers("campaign:camp-a:action:x:action_types"))
                .containsExactlyInAnyOrder(":complete", "survey");
    }

    @Test
    void lastActivityOnlyMovesForwardEvenInARebuild() {
        // given last_activity is newer than anything in MongoDB
        deliver(20, "fw");
        servers.redisCommands().set("campaign:camp-a:last_activity", "4102444800000");

        // when
        run("--campaign=camp-a");

        // then, and its index entry is the key's value
        assertThat(servers.redisCommands().get("campaign:camp-a:last_activity")).isEqualTo("4102444800000");
        assertThat(servers.campaignIndex()).containsEntry("camp-a", "4102444800000");
    }

    @Test
    void badArgumentsAreAUsageErrorAndHelpIsNot() {
        assertThat(run("--campaign")).isEqualTo(2);
        assertThat(run("--campaign", "no spaces")).isEqualTo(2);
        assertThat(run("--everything")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: rebuild-counters [--campaign ID]");
        assertThat(run("--help")).isZero();
    }

    @Test
    void anUnreachableRedisIsAFailureExit() {
        int status = RebuildCountersCommand.run(new String[0], Map.of(
                "MONGODB_URI", servers.mongoServer.connectionString(),
                "REDIS_URL", "redis://127.0.0.1:1"), new PrintStream(out), new PrintStream(err));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("rebuild-counters failed");
    }
}
