package io.cdrplatform.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {

    private static final String ARN = "arn:aws:sns:eu-west-1:123456789012:call-events";

    @Test
    void onlyTheTopicIsRequiredAndEverythingElseHasTheDocumentedDefault() {
        BridgeConfig config = BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN));

        assertThat(config.listenAddress()).isEqualTo("0.0.0.0");
        assertThat(config.pbxPort()).isEqualTo(9000);
        assertThat(config.pbxZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.campaignId()).isEqualTo("avaya");
        assertThat(config.maxLineLength()).isEqualTo(1024);
        assertThat(config.allowedCidrs()).isEmpty();
        assertThat(config.awsRegion()).isEqualTo("eu-west-1");
        assertThat(config.snsEndpoint()).isEmpty();
        assertThat(config.postgres()).isEmpty();
        assertThat(config.spoolDir()).isEqualTo(Path.of("spool"));
        assertThat(config.healthPort()).isEqualTo(8081);
        assertThat(config.retryMaxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void everyVariableIsRead() {
        Map<String, String> env = new HashMap<>();
        env.put("SNS_TOPIC_ARN", ARN);
        env.put("NET_SOCKET_ADDR", "127.0.0.1");
        env.put("NET_SOCKET_PORT", "9100");
        env.put("PBX_TIMEZONE", "Europe/Berlin");
        env.put("AVAYA_CAMPAIGN_ID", "pbx-berlin");
        env.put("PBX_MAX_LINE_LENGTH", "256");
        env.put("PBX_ALLOWED_CIDRS", "10.0.0.0/8, 192.0.2.7 2001:db8::/32");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
        env.put("DB_HOST", "db.internal");
        env.put("DB_PORT", "5433");
        env.put("DB_NAME", "cdr");
        env.put("DB_USER", "bridge");
        env.put("DB_PASSWORD", " secret ");
        env.put("SPOOL_DIR", "/var/spool/avaya");
        env.put("BRIDGE_HEALTH_PORT", "0");

        BridgeConfig config = BridgeConfig.fromEnv(env);

        assertThat(config.listenAddress()).isEqualTo("127.0.0.1");
        assertThat(config.pbxPort()).isEqualTo(9100);
        assertThat(config.pbxZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(config.campaignId()).isEqualTo("pbx-berlin");
        assertThat(config.maxLineLength()).isEqualTo(256);
        assertThat(config.allowedCidrs()).containsExactly("10.0.0.0/8", "192.0.2.7", "2001:db8::/32");
        assertThat(config.awsRegion()).isEqualTo("us-east-1");
        assertThat(config.snsEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(config.postgres()).contains(new BridgeConfig.PostgresConfig("db.internal", 5433, "cdr", "bridge", " secret "));
        assertThat(config.postgres().orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/cdr");
        assertThat(config.spoolDir()).isEqualTo(Path.of("/var/spool/avaya"));
        assertThat(config.healthPort()).isZero();
    }

    @Test
    void theSnsSpecificEndpointWinsOverTheGeneralOne() {
        BridgeConfig config = BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN,
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1111", "AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:4566"));

        assertThat(config.snsEndpoint()).isEqualTo(Optional.of(URI.create("http://127.0.0.1:4566")));
    }

    @Test
    void thePasswordIsNotPrinted() {
        BridgeConfig config = BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN, "DB_HOST", "db", "DB_PASSWORD", "hunter2"));

        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void badValuesAreStartupErrorsNamingTheVariable() {
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of())).hasMessageContaining("SNS_TOPIC_ARN");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", "call-events")))
                .hasMessageContaining("SNS_TOPIC_ARN");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN, "NET_SOCKET_PORT", "nine")))
                .hasMessageContaining("NET_SOCKET_PORT");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN, "NET_SOCKET_PORT", "70000")))
                .hasMessageContaining("NET_SOCKET_PORT");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN, "PBX_TIMEZONE", "Mars/Olympus")))
                .hasMessageContaining("PBX_TIMEZONE");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN, "AVAYA_CAMPAIGN_ID", "a b")))
                .hasMessageContaining("AVAYA_CAMPAIGN_ID");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN, "PBX_ALLOWED_CIDRS", "10.0.0.0/33")))
                .hasMessageContaining("PBX_ALLOWED_CIDRS");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN, "PBX_ALLOWED_CIDRS", "pbx.example.com")))
                .hasMessageContaining("PBX_ALLOWED_CIDRS");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN, "AWS_ENDPOINT_URL", "localhost")))
                .hasMessageContaining("AWS_ENDPOINT_URL");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN, "PBX_MAX_LINE_LENGTH", "10")))
                .hasMessageContaining("PBX_MAX_LINE_LENGTH");
    }

    @Test
    void blankValuesCountAsUnset() {
        BridgeConfig config = BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN", ARN, "DB_HOST", " ", "PBX_ALLOWED_CIDRS", ""));

        assertThat(config.postgres()).isEmpty();
        assertThat(config.allowedCidrs()).isEqualTo(List.of());
    }
}
