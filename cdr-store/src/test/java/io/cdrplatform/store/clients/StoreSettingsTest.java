package io.cdrplatform.store.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

    @Test
    void nothingSetMeansTheContractDefaults() {
        StoreSettings settings = StoreSettings.fromEnv(Map.of());

        assertThat(settings.mongoUri()).isEqualTo("mongodb://127.0.0.1:27017");
        assertThat(settings.mongoDatabase()).isEqualTo("campaign_system");
        assertThat(settings.mongoTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.redisUri()).isEqualTo("redis://localhost:6379");
        assertThat(settings.redisConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.redisCommandTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void redisUrlWinsOverHostAndPort() {
        StoreSettings settings = StoreSettings.fromEnv(Map.of("REDIS_URL", "rediss://:token@cache.example.com:6380",
                "REDIS_HOST", "other", "REDIS_PORT", "1234"));

        assertThat(settings.redisUri()).isEqualTo("rediss://:token@cache.example.com:6380");
    }

    @Test
    void anIpv6HostIsBracketedSoThePortStaysItsOwn() {
        StoreSettings settings = StoreSettings.fromEnv(Map.of("REDIS_HOST", "fd00::12", "REDIS_PORT", "6390"));

        assertThat(settings.redisUri()).isEqualTo("redis://[fd00::12]:6390");
        RedisURI uri = RedisURI.create(settings.redisUri());
        assertThat(uri.getHost()).contains("fd00::12");
        assertThat(uri.getPort()).isEqualTo(6390);
    }

    @Test
    void theSingleRedisTimeoutSetsBothUnlessOneIsGivenItself() {
        StoreSettings both = StoreSettings.fromEnv(Map.of("REDIS_TIMEOUT_MS", "250"));
        StoreSettings command = StoreSettings.fromEnv(Map.of("REDIS_TIMEOUT_MS", "250", "REDIS_COMMAND_TIMEOUT_MS", "700"));

        assertThat(both.redisConnectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(both.redisCommandTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(command.redisConnectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(command.redisCommandTimeout()).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void malformedValuesAreClearErrorsNamingTheVariable() {
        assertThatThrownBy(() -> StoreSettings.fromEnv(Map.of("REDIS_URL", "http://cache:6379")))
                .hasMessageContaining("REDIS_URL");
        assertThatThrownBy(() -> StoreSettings.fromEnv(Map.of("REDIS_PORT", "sixty"))).hasMessageContaining("REDIS_PORT");
        assertThatThrownBy(() -> StoreSettings.fromEnv(Map.of("REDIS_PORT", "70000"))).hasMessageContaining("REDIS_PORT");
        assertThatThrownBy(() -> StoreSettings.fromEnv(Map.of("REDIS_TIMEOUT_MS", "0"))).hasMessageContaining("REDIS_TIMEOUT_MS");
        assertThatThrownBy(() -> StoreSettings.fromEnv(Map.of("MONGODB_TIMEOUT_MS", "soon")))
                .hasMessageContaining("MONGODB_TIMEOUT_MS");
    }

    @Test
    void theConfiguredRedisIsNoneWhenNeitherUrlNorHostIsSet() {
        assertThat(StoreSettings.configuredRedisUri(Map.of())).isNull();
        assertThat(StoreSettings.configuredRedisUri(Map.of("REDIS_PORT", "6390"))).isNull();
        assertThat(StoreSettings.configuredRedisUri(Map.of("REDIS_HOST", "::1"))).isEqualTo("redis://[::1]:6379");
        assertThatThrownBy(() -> StoreSettings.configuredRedisUri(Map.of("REDIS_URL", "cache:6379")))
                .hasMessageContaining("REDIS_URL");
    }

    @Test
    void neverPrintsCredentials() {
        StoreSettings settings = StoreSettings.fromEnv(Map.of("REDIS_URL", "rediss://:s3cret@cache:6380",
                "MONGODB_URI", "mongodb://user:pa55@db"));

        assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("pa55");
    }

    @Test
    void theRedisClientCarriesTheTimeoutsAndNeverReconnectsInTheBackground() {
        StoreSettings settings = StoreSettings.fromEnv(Map.of("REDIS_CONNECT_TIMEOUT_MS", "300",
                "REDIS_COMMAND_TIMEOUT_MS", "700"));

        RedisClient client = StoreClients.redis(settings);
        try {
            assertThat(client.getOptions().isAutoReconnect()).isFalse();
            assertThat(client.getOptions().getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(client.getOptions().getTimeoutOptions().getSource().getTimeout(null))
                    .isEqualTo(Duration.ofMillis(700).toNanos());
        } finally {
            client.shutdown();
        }
    }
}
