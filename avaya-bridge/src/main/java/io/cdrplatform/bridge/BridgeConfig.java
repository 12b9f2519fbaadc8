package io.cdrplatform.bridge;

import io.cdrplatform.bridge.records.RecordSetup;
import io.cdrplatform.bridge.tcp.AllowedPeers;
import io.cdrplatform.core.id.IdRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the bridge reads from its environment, validated once at start. Build it with
 * {@link #fromEnv(Map)} (the process environment, or any map when the bridge runs embedded) and
 * adjust single fields with the {@code with...} methods.
 *
 * @param listenAddress   {@code NET_SOCKET_ADDR}: where the PBX listener binds
 * @param pbxPort         {@code NET_SOCKET_PORT}: 0 picks a free port (see {@link AvayaBridge#pbxPort()})
 * @param pbxZone         {@code PBX_TIMEZONE}: the zone of the PBX's clock
 * @param campaignId      {@code AVAYA_CAMPAIGN_ID}: campaignId of every published event
 * @param maxLineLength   {@code PBX_MAX_LINE_LENGTH}: longer lines are rejected, in bytes
 * @param allowedCidrs    {@code PBX_ALLOWED_CIDRS}: peers allowed to connect; empty = everyone
 * @param snsTopicArn     {@code SNS_TOPIC_ARN}
 * @param snsEndpoint     {@code AWS_ENDPOINT_URL_SNS}, else {@code AWS_ENDPOINT_URL}; empty = AWS
 * @param awsRegion       {@code AWS_REGION}, else the topic ARN's region
 * @param postgres        present when {@code DB_HOST} is set
 * @param spoolDir        {@code SPOOL_DIR}: spool segments, sink cursors, rejected-lines file
 * @param segmentBytes    {@code SPOOL_SEGMENT_BYTES}: a spool segment is closed past this size
 * @param healthAddress   {@code BRIDGE_HEALTH_ADDR}
 * @param healthPort      {@code BRIDGE_HEALTH_PORT}: 0 picks a free port
 * @param snsConcurrency  {@code SNS_PUBLISH_CONCURRENCY}: PublishBatch calls in flight
 * @param retryMaxDelay   {@code BRIDGE_RETRY_MAX_MILLIS}: cap of the exponential retry backoff
 * @param shutdownGrace   {@code BRIDGE_SHUTDOWN_GRACE_SECONDS}: time the sinks get to drain on SIGTERM
 * @param metricsNamespace {@code METRICS_NAMESPACE}: CloudWatch namespace of the EMF metrics
 * @param metricsInterval {@code METRICS_INTERVAL_SECONDS}: how often an EMF line is written
 * @param records         {@code PBX_RECORD_FORMAT}, {@code PBX_CDR_DATE_FORMAT}, {@code PBX_CONDITION_CODES},
 *                        {@code PBX_ATTRIBUTION_FILE}, {@code PBX_SITES}: the PBXs, their layouts and the rules
 */
public record BridgeConfig(
        String listenAddress,
        int pbxPort,
        ZoneId pbxZone,
        String campaignId,
        int maxLineLength,
        List<String> allowedCidrs,
        String snsTopicArn,
        Optional<URI> snsEndpoint,
        String awsRegion,
        Optional<PostgresConfig> postgres,
        Path spoolDir,
        long segmentBytes,
        String healthAddress,
        int healthPort,
        int snsConcurrency,
        Duration retryMaxDelay,
        Duration shutdownGrace,
        String metricsNamespace,
        Duration metricsInterval,
        RecordSetup records) {

    public static final int DEFAULT_PBX_PORT = 9000;
    public static final int DEFAULT_HEALTH_PORT = 8081;
    public static final int DEFAULT_MAX_LINE_LENGTH = 1024;
    public static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;

    private static final Pattern TOPIC_ARN = Pattern.compile("arn:[a-z-]+:sns:([a-z0-9-]+):\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");

    /**
     * PostgreSQL connection of the seed's {@code avaya_cdr} table.
     *
     * @param host     {@code DB_HOST}
     * @param port     {@code DB_PORT}, default 5432
     * @param database {@code DB_NAME}, default {@code postgres}
     * @param user     {@code DB_USER}, default {@code postgres}
     * @param password {@code DB_PASSWORD}, default empty
     */
    public record PostgresConfig(String host, int port, String database, String user, String password) {
        public PostgresConfig {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(user, "user");
            password = password == null ? "" : password;
        }

        public String jdbcUrl() {
            String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            return "jdbc:postgresql://" + hostPart + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return "PostgresConfig[" + user + "@" + host + ":" + port + "/" + database + "]";
        }
    }

    public BridgeConfig {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(pbxZone, "pbxZone");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(healthAddress, "healthAddress");
        Objects.requireNonNull(snsEndpoint, "snsEndpoint");
        Objects.requireNonNull(postgres, "postgres");
        allowedCidrs = List.copyOf(allowedCidrs);
        AllowedPeers.parse(allowedCidrs);
        requirePort("NET_SOCKET_PORT", pbxPort);
        requirePort("BRIDGE_HEALTH_PORT", healthPort);
        if (!IdRule.ID.matches(campaignId)) {
            throw new IllegalArgumentException("AVAYA_CAMPAIGN_ID must be " + IdRule.ID.describe() + ", got "
                    + campaignId);
        }
        if (snsTopicArn == null || !TOPIC_ARN.matcher(snsTopicArn).matches()) {
            throw new IllegalArgumentException("SNS_TOPIC_ARN must be an SNS topic ARN "
                    + "(arn:aws:sns:<region>:<account>:<name>), got " + snsTopicArn);
        }
        if (awsRegion == null || awsRegion.isBlank()) {
            throw new IllegalArgumentException("AWS_REGION is not set and the topic ARN names no region");
        }
        if (maxLineLength < 64 || maxLineLength > 1024 * 1024) {
            throw new IllegalArgumentException("PBX_MAX_LINE_LENGTH must be 64..1048576 bytes, got " + maxLineLength);
        }
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("SPOOL_SEGMENT_BYTES must be at least 4096, got " + segmentBytes);
        }
        if (snsConcurrency < 1 || snsConcurrency > 64) {
            throw new IllegalArgumentException("SNS_PUBLISH_CONCURRENCY must be 1..64, got " + snsConcurrency);
        }
        requirePositive("BRIDGE_RETRY_MAX_MILLIS", retryMaxDelay);
        requirePositive("BRIDGE_SHUTDOWN_GRACE_SECONDS", shutdownGrace);
        requirePositive("METRICS_INTERVAL_SECONDS", metricsInterval);
        if (metricsNamespace == null || metricsNamespace.isBlank()) {
            throw new IllegalArgumentException("METRICS_NAMESPACE must not be blank");
        }
        Objects.requireNonNull(records, "records");
        if (records.longestCustomRecord() > maxLineLength) {
            throw new IllegalArgumentException("PBX_MAX_LINE_LENGTH (" + maxLineLength + ") is shorter than the "
                    + records.longestCustomRecord() + "-character customized record");
        }
    }

    /** Reads and validates the configuration; a bad value is an {@link IllegalArgumentException} naming the variable. */
    public static BridgeConfig fromEnv(Map<String, String> env) {
        Env e = new Env(env);
        String topicArn = e.get("SNS_TOPIC_ARN", null);
        if (topicArn == null) {
            throw new IllegalArgumentException("SNS_TOPIC_ARN is required (the topic the call_ended events go to)");
        }
        String region = e.get("AWS_REGION", e.get("AWS_DEFAULT_REGION", regionOf(topicArn)));
        Optional<URI> endpoint = Optional.ofNullable(e.get("AWS_ENDPOINT_URL_SNS", e.get("AWS_ENDPOINT_URL", null)))
                .map(value -> uri(value));
        Optional<PostgresConfig> postgres = Optional.ofNullable(e.get("DB_HOST", null))
                .map(host -> new PostgresConfig(host,
                        e.integer("DB_PORT", 5432),
                        e.get("DB_NAME", "postgres"),
                        e.get("DB_USER", "postgres"),
                        e.raw("DB_PASSWORD", "")));
        ZoneId zone = e.zone("PBX_TIMEZONE", ZoneId.of("UTC"));
        String campaignId = e.get("AVAYA_CAMPAIGN_ID", "avaya");
        int pbxPort = e.integer("NET_SOCKET_PORT", DEFAULT_PBX_PORT);
        if (!IdRule.ID.matches(campaignId)) {
            throw new IllegalArgumentException("AVAYA_CAMPAIGN_ID must be " + IdRule.ID.describe() + ", got "
                    + campaignId);
        }
        RecordSetup records = RecordSetup.of(zone, campaignId, e.get("PBX_RECORD_FORMAT", null),
                e.get("PBX_CDR_DATE_FORMAT", null), e.get("PBX_CONDITION_CODES", null),
                e.get("PBX_ATTRIBUTION_FILE", null), e.get("PBX_SITES", null), pbxPort);
        return new BridgeConfig(
                e.get("NET_SOCKET_ADDR", "0.0.0.0"),
                pbxPort,
                zone,
                campaignId,
                e.integer("PBX_MAX_LINE_LENGTH", DEFAULT_MAX_LINE_LENGTH),
                e.list("PBX_ALLOWED_CIDRS"),
                topicArn,
                endpoint,
                region,
                postgres,
                Path.of(e.get("SPOOL_DIR", "spool")),
                e.longInteger("SPOOL_SEGMENT_BYTES", DEFAULT_SEGMENT_BYTES),
                e.get("BRIDGE_HEALTH_ADDR", "0.0.0.0"),
                e.integer("BRIDGE_HEALTH_PORT", DEFAULT_HEALTH_PORT),
                e.integer("SNS_PUBLISH_CONCURRENCY", 8),
                Duration.ofMillis(e.longInteger("BRIDGE_RETRY_MAX_MILLIS", 30_000)),
                Duration.ofSeconds(e.longInteger("BRIDGE_SHUTDOWN_GRACE_SECONDS", 10)),
                e.get("METRICS_NAMESPACE", "CdrPlatform"),
                Duration.ofSeconds(e.longInteger("METRICS_INTERVAL_SECONDS", 60)),
                records);
    }

    public BridgeConfig withPorts(int newPbxPort, int newHealthPort) {
        return new BridgeConfig(listenAddress, newPbxPort, pbxZone, campaignId, maxLineLength, allowedCidrs,
                snsTopicArn, snsEndpoint, awsRegion, postgres, spoolDir, segmentBytes, healthAddress, newHealthPort,
                snsConcurrency, retryMaxDelay, shutdownGrace, metricsNamespace, metricsInterval, records);
    }

    public BridgeConfig withSpoolDir(Path newSpoolDir) {
        return new BridgeConfig(listenAddress, pbxPort, pbxZone, campaignId, maxLineLength, allowedCidrs,
                snsTopicArn, snsEndpoint, awsRegion, postgres, newSpoolDir, segmentBytes, healthAddress, healthPort,
                snsConcurrency, retryMaxDelay, shutdownGrace, metricsNamespace, metricsInterval, records);
    }

    public BridgeConfig withPostgres(Optional<PostgresConfig> newPostgres) {
        return new BridgeConfig(listenAddress, pbxPort, pbxZone, campaignId, maxLineLength, allowedCidrs,
                snsTopicArn, snsEndpoint, awsRegion, newPostgres, spoolDir, segmentBytes, healthAddress, healthPort,
                snsConcurrency, retryMaxDelay, shutdownGrace, metricsNamespace, metricsInterval, records);
    }

    public BridgeConfig withSnsEndpoint(Optional<URI> newEndpoint) {
        return new BridgeConfig(listenAddress, pbxPort, pbxZone, campaignId, maxLineLength, allowedCidrs,
                snsTopicArn, newEndpoint, awsRegion, postgres, spoolDir, segmentBytes, healthAddress, healthPort,
                snsConcurrency, retryMaxDelay, shutdownGrace, metricsNamespace, metricsInterval, records);
    }

    public BridgeConfig withRecords(RecordSetup newRecords) {
        return new BridgeConfig(listenAddress, pbxPort, pbxZone, campaignId, maxLineLength, allowedCidrs,
                snsTopicArn, snsEndpoint, awsRegion, postgres, spoolDir, segmentBytes, healthAddress, healthPort,
                snsConcurrency, retryMaxDelay, shutdownGrace, metricsNamespace, metricsInterval, newRecords);
    }

    /** The region field of an SNS topic ARN, or null when it is not an ARN. */
    static String regionOf(String topicArn) {
        var m = TOPIC_ARN.matcher(topicArn);
        return m.matches() ? m.group(1) : null;
    }

    private static URI uri(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("AWS_ENDPOINT_URL(_SNS) must be an absolute URL, got " + value);
            }
            return uri;
        } catch (URISyntaxException ex) {
            throw new IllegalArgumentException("AWS_ENDPOINT_URL(_SNS) is not a URL: " + value, ex);
        }
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535, got " + port);
        }
    }

    private static void requirePositive(String name, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }

    /** Typed reads of variables; blank counts as unset. */
    private record Env(Map<String, String> env) {
        String get(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        String raw(String name, String fallback) {
            String value = env.get(name);
            return value == null ? fallback : value;
        }

        int integer(String name, int fallback) {
            String value = get(name, null);
            try {
                return value == null ? fallback : Integer.parseInt(value);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(name + " must be a whole number, got " + value, ex);
            }
        }

        long longInteger(String name, long fallback) {
            String value = get(name, null);
            try {
                return value == null ? fallback : Long.parseLong(value);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(name + " must be a whole number, got " + value, ex);
            }
        }

        ZoneId zone(String name, ZoneId fallback) {
            String value = get(name, null);
            try {
                return value == null ? fallback : ZoneId.of(value);
            } catch (DateTimeException ex) {
                throw new IllegalArgumentException(name + " must be a time zone such as UTC or Europe/Berlin, got "
                        + value, ex);
            }
        }

        List<String> list(String name) {
            String value = get(name, null);
            if (value == null) {
                return List.of();
            }
            return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
        }
    }
}
