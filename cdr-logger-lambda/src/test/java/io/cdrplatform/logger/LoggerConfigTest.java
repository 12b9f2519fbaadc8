package io.cdrplatform.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoggerConfigTest {

    @Test
    void defaultsFollowTheContract() {
        LoggerConfig config = LoggerConfig.fromEnv(Map.of());
        assertThat(config.mongoDatabase()).isEqualTo("campaign_system");
        assertThat(config.retentionSeconds()).isEqualTo(365 * 86_400L);
        assertThat(config.tariff().costPerMinute()).isEqualByComparingTo(new BigDecimal("0.01"));
        assertThat(config.tariff().increment().toString()).isEqualTo("60/60");
        assertThat(config.redisUri()).isEqualTo("redis://localhost:6379");
        assertThat(config.callStateTtl()).isEqualTo(Duration.ofDays(15));
        assertThat(config.redisConnectTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(config.versionIndex()).isFalse();
        assertThat(config.mongoReadParallelism()).isEqualTo(4);
        assertThat(config.ratesRefresh()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void redisUrlWinsOverHostAndPort() {
        LoggerConfig config = LoggerConfig.fromEnv(Map.of("REDIS_URL", "rediss://:token@cache.example.com:6380",
                "REDIS_HOST", "other", "REDIS_PORT", "1234"));
        assertThat(config.redisUri()).isEqualTo("rediss://:token@cache.example.com:6380");
    }

    @Test
    void hostAndPortBuildTheUri() {
        assertThat(LoggerConfig.fromEnv(Map.of("REDIS_HOST", "redis.internal", "REDIS_PORT", "6390")).redisUri())
                .isEqualTo("redis://redis.internal:6390");
    }

    @Test
    void everySettingIsRead() {
        LoggerConfig config = LoggerConfig.fromEnv(Map.ofEntries(Map.entry("MONGODB_URI", "mongodb://db:27017"),
                Map.entry("MONGODB_DATABASE", "cdrs"), Map.entry("CDR_RETENTION_DAYS", "30"),
                Map.entry("COST_PER_MINUTE", "0.02"), Map.entry("BILLING_INCREMENT", "30/6"),
                Map.entry("MONGODB_TIMEOUT_MS", "2500"), Map.entry("REDIS_CONNECT_TIMEOUT_MS", "300"),
                Map.entry("REDIS_COMMAND_TIMEOUT_MS", "700"), Map.entry("REDIS_CALL_STATE_TTL_DAYS", "20"),
                Map.entry("CALL_RECORDS_VERSION_INDEX", "true"), Map.entry("MONGODB_READ_PARALLELISM", "1"),
                Map.entry("RATES_REFRESH_SECONDS", "5")));
        assertThat(config.mongoUri()).isEqualTo("mongodb://db:27017");
        assertThat(config.mongoDatabase()).isEqualTo("cdrs");
        assertThat(config.retentionSeconds()).isEqualTo(30 * 86_400L);
        assertThat(config.tariff().costOf(61)).isEqualByComparingTo(new BigDecimal("0.022"));
        assertThat(config.mongoTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.redisConnectTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.redisCommandTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(config.callStateTtl()).isEqualTo(Duration.ofDays(20));
        assertThat(config.versionIndex()).isTrue();
        assertThat(config.mongoReadParallelism()).isEqualTo(1);
        assertThat(config.ratesRefresh()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> LoggerConfig.fromEnv(Map.of("RATES_REFRESH_SECONDS", "-1")))
                .hasMessageContaining("RATES_REFRESH_SECONDS");
    }

    @Test
    void malformedValuesAreClearErrorsNamingTheVariable() {
        assertThatThrownBy(() -> LoggerConfig.fromEnv(Map.of("CDR_RETENTION_DAYS", "a year")))
                .hasMessageContaining("CDR_RETENTION_DAYS");
        assertThatThrownBy(() -> LoggerConfig.fromEnv(Map.of("CDR_RETENTION_DAYS", "0")))
                .hasMessageContaining("CDR_RETENTION_DAYS");
        assertThatThrownBy(() -> LoggerConfig.fromEnv(Map.of("BILLING_INCREMENT", "per minute")))
                .hasMessageContaining("BILLING_INCREMENT");
        assertThatThrownBy(() -> LoggerConfig.fromEnv(Map.of("REDIS_URL", "http://cache:6379")))
                .hasMessageContaining("REDIS_URL");
        assertThatThrownBy(() -> LoggerConfig.fromEnv(Map.of("REDIS_PORT", "70000")))
                .hasMessageContaining("REDIS_PORT");
        assertThatThrownBy(() -> LoggerConfig.fromEnv(Map.of("CALL_RECORDS_VERSION_INDEX", "yes")))
                .hasMessageContaining("CALL_RECORDS_VERSION_INDEX");
        assertThatThrownBy(() -> LoggerConfig.fromEnv(Map.of("MONGODB_READ_PARALLELISM", "0")))
                .hasMessageContaining("MONGODB_READ_PARALLELISM");
    }

    @Test
    void neverPrintsCredentials() {
        LoggerConfig config = LoggerConfig.fromEnv(Map.of("REDIS_URL", "rediss://:s3cret@cache:6380",
                "MONGODB_URI", "mongodb://user:pa55@db"));
        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("pa55");
    }
}
