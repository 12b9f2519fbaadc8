package io.cdrplatform.logger;

import io.cdrplatform.store.clients.StoreClients;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.logger.mongo.MongoCallRecordStore;
import io.cdrplatform.logger.redis.RedisConnector;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MongoDB wire server and a real redis-server on free ports, with clients for them, for one
 * test class. Each test takes a fresh database and flushes Redis.
 */
public final class TestServers implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    public final EmbeddedMongo mongoServer;
    public final EmbeddedRedisServer redisServer;
    public final MongoClient mongo;
    public final RedisClient redis;
    private final RedisClient inspectionClient;
    private final RedisConnector inspection;

    private TestServers() {
        mongoServer = EmbeddedMongo.start();
        redisServer = EmbeddedRedisServer.start();
        mongo = StoreClients.mongo(mongoServer.connectionString(), Duration.ofMillis(1500), "cdr-logger");
        redis = StoreClients.redis(redisServer.uri(), Duration.ofMillis(500), Duration.ofSeconds(2));
        inspectionClient = StoreClients.redis(redisServer.uri(), Duration.ofMillis(500), Duration.ofSeconds(2));
        inspection = new RedisConnector(inspectionClient);
    }

    public static TestServers start() {
        return new TestServers();
    }

    public MongoDatabase freshDatabase() {
        return mongo.getDatabase("test_" + DATABASES.incrementAndGet());
    }

    /** A connection for looking at Redis from the test; reconnects after a restart. */
    public RedisCommands<String, String> redisCommands() {
        return inspection.connection().sync();
    }

    public void flushRedis() {
        redisCommands().flushall();
    }

    /**
     * Every contract counter key ({@code campaign:*}) and its value, leaving out counters at 0: a
     * counter key that does not exist reads as 0, and whether a call's counters went up and back
     * down (key at "0") or never moved (no key) depends on how its events were batched.
     */
    public Map<String, String> counters() {
        return counters(redisCommands());
    }

    public static Map<String, String> counters(RedisCommands<String, String> commands) {
        Map<String, String> values = new TreeMap<>();
        for (String key : commands.keys("campaign:*")) {
            if (!"string".equals(commands.type(key))) {
                continue; // the action-type index sets: see actionTypeIndexes()
            }
            String value = commands.get(key);
            if (!"0".equals(value)) {
                values.put(key, value);
            }
        }
        return values;
    }

    /** Every campaign's action-type index set ({@code campaign:*:action_types}) and its members. */
    public Map<String, Set<String>> actionTypeIndexes() {
        return actionTypeIndexes(redisCommands());
    }

    public static Map<String, Set<String>> actionTypeIndexes(RedisCommands<String, String> commands) {
        Map<String, Set<String>> sets = new TreeMap<>();
        for (String key : commands.keys("campaign:*")) {
            if ("set".equals(commands.type(key))) {
                sets.put(key, new TreeSet<>(commands.smembers(key)));
            }
        }
        return sets;
    }

    /**
     * The contract's campaign index, the sorted set {@code campaigns:last_activity}: each member
     * (campaign id) and its score as a whole number of epoch ms.
     */
    public Map<String, String> campaignIndex() {
        return campaignIndex(redisCommands());
    }

    public static Map<String, String> campaignIndex(RedisCommands<String, String> commands) {
        Map<String, String> entries = new TreeMap<>();
        commands.zrangeWithScores("campaigns:last_activity", 0, -1).forEach(entry -> {
            double score = entry.getScore();
            entries.put(entry.getValue(), score == Math.rint(score) ? Long.toString((long) score) : Double.toString(score));
        });
        return entries;
    }

    /** Each campaign that has a {@code campaign:<id>:last_activity} key, and the key's value. */
    public Map<String, String> lastActivityKeys() {
        Map<String, String> values = new TreeMap<>();
        for (String key : redisCommands().keys("campaign:*:last_activity")) {
            values.put(key.substring("campaign:".length(), key.length() - ":last_activity".length()),
                    redisCommands().get(key));
        }
        return values;
    }

    @Override
    public void close() {
        inspection.close();
        inspectionClient.shutdown();
        redis.shutdown();
        mongo.close();
        redisServer.stop();
        mongoServer.stop();
    }
}
