package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryConfigTest {

    @Test
    void defaults_when_nothing_is_set() {
        QueryConfig config = QueryConfig.fromEnv(Map.of());
        assertThat(config.mongoUri()).isEqualTo("mongodb://127.0.0.1:27017");
        assertThat(config.mongoDatabase()).isEqualTo("campaign_system");
        assertThat(config.redisUri().getHost()).isEqualTo("localhost");
        assertThat(config.redisUri().getPort()).isEqualTo(6379);
        // the timeouts every module uses (StoreSettings): connect 1 s, one command 2 s
        assertThat(config.stores().redisConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.redisTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.cursorSecret()).isEqualTo(QueryConfig.DEFAULT_CURSOR_SECRET);
    }

    @Test
    void redis_url_with_tls_and_auth_token_wins_over_host_and_port() {
        QueryConfig config = QueryConfig.fromEnv(Map.of("REDIS_URL", "rediss://:s3cret-token@primary.cache.amazonaws.com:6380",
                "REDIS_HOST", "ignored", "REDIS_PORT", "1"));
        assertThat(config.redisUri().isSsl()).isTrue();
        assertThat(config.redisUri().getHost()).isEqualTo("primary.cache.amazonaws.com");
        assertThat(config.redisUri().getPort()).isEqualTo(6380);
        assertThat(new String(config.redisUri().getCredentialsProvider().resolveCredentials().block().getPassword()))
                .isEqualTo("s3cret-token");
        assertThat(config.toString()).doesNotContain("s3cret-token");
    }

    @Test
    void host_port_timeout_database_and_secret_are_read() {
        QueryConfig config = QueryConfig.fromEnv(Map.of("REDIS_HOST", "redis.internal", "REDIS_PORT", "6390", "REDIS_TIMEOUT_MS", "250",
                "MONGODB_URI", "mongodb://db:27017", "MONGODB_DATABASE", "cdrs", "CURSOR_SECRET", "a-long-enough-secret"));
        assertThat(config.redisUri().getHost()).isEqualTo("redis.internal");
        assertThat(config.redisUri().getPort()).isEqualTo(6390);
        assertThat(config.redisUri().getTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.mongoDatabase()).isEqualTo("cdrs");
        assertThat(config.cursorSecret()).isEqualTo("a-long-enough-secret");
    }

    @Test
    void malformed_settings_are_clear_startup_errors() {
        assertThatThrownBy(() -> QueryConfig.fromEnv(Map.of("REDIS_PORT", "sixty"))).hasMessageContaining("REDIS_PORT");
        assertThatThrownBy(() -> QueryConfig.fromEnv(Map.of("REDIS_URL", "http://x"))).hasMessageContaining("REDIS_URL");
        assertThatThrownBy(() -> QueryConfig.fromEnv(Map.of("CURSOR_SECRET", "short"))).hasMessageContaining("CURSOR_SECRET");
    }
}
