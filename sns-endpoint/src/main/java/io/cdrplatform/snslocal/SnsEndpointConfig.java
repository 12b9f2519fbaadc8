package io.cdrplatform.snslocal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the SNS endpoint listens and delivers.
 *
 * @param host              address to bind ({@code 127.0.0.1}: loopback only)
 * @param port              port to bind; 0 picks a free one ({@link SnsEndpoint#port()} tells which)
 * @param region            region for topics created by clients that sign for no region
 * @param topicArns         topics that exist from the start (publishing to any other topic is
 *                          {@code NotFound} until a client creates it)
 * @param batchWindow       how long the dispatcher waits for more publishes before calling the sink
 *                          (zero: it takes only what is already waiting, adding no latency)
 * @param maxBatchMessages  the most notifications in one sink call (a PublishBatch is never split)
 * @param sinkThreads       how many sink calls may run at once
 * @param sinkTimeout       how long a publish waits for the sink before answering ServiceUnavailable
 * @param httpThreads       Netty I/O threads serving HTTP (a publish waiting for the sink holds none)
 * @param signNotifications sign each notification with a real RSA signature (costs about 1 ms per
 *                          message); off, the Signature field holds a fixed placeholder
 */
public record SnsEndpointConfig(
        String host,
        int port,
        String region,
        List<String> topicArns,
        Duration batchWindow,
        int maxBatchMessages,
        int sinkThreads,
        Duration sinkTimeout,
        int httpThreads,
        boolean signNotifications) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4566;
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String CALL_EVENTS_TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:call-events";

    public SnsEndpointConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(region, "region");
        topicArns = List.copyOf(topicArns);
        Objects.requireNonNull(batchWindow, "batchWindow");
        Objects.requireNonNull(sinkTimeout, "sinkTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        for (String arn : topicArns) {
            if (TopicArn.parse(arn).isEmpty()) {
                throw new IllegalArgumentException("not an SNS topic ARN: " + arn);
            }
        }
        if (batchWindow.isNegative() || sinkTimeout.isNegative() || sinkTimeout.isZero()) {
            throw new IllegalArgumentException("batchWindow must be >= 0 and sinkTimeout > 0");
        }
        if (maxBatchMessages < SnsService.MAX_BATCH_ENTRIES || sinkThreads < 1 || httpThreads < 1) {
            throw new IllegalArgumentException("maxBatchMessages must be >= 10, sinkThreads and httpThreads >= 1");
        }
    }

    /** 127.0.0.1:4566, us-east-1, the {@code call-events} topic, no batching window, one sink thread. */
    public static SnsEndpointConfig defaults() {
        return new SnsEndpointConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_REGION, List.of(CALL_EVENTS_TOPIC_ARN),
                Duration.ZERO, 100, 1, Duration.ofSeconds(20), 2, false);
    }

    /** The variables of the README's configuration table; anything unset keeps its default. */
    public static SnsEndpointConfig fromEnv(Map<String, String> env) {
        SnsEndpointConfig defaults = defaults();
        return new SnsEndpointConfig(
                env.getOrDefault("LOCAL_SNS_HOST", defaults.host()),
                intVar(env, "LOCAL_SNS_PORT", defaults.port()),
                env.getOrDefault("LOCAL_SNS_REGION", defaults.region()),
                env.containsKey("LOCAL_SNS_TOPIC_ARNS")
                        ? Arrays.stream(env.get("LOCAL_SNS_TOPIC_ARNS").split(",")).map(String::trim)
                                .filter(arn -> !arn.isEmpty()).toList()
                        : defaults.topicArns(),
                Duration.ofMillis(intVar(env, "LOCAL_SNS_BATCH_WINDOW_MS", 0)),
                intVar(env, "LOCAL_SNS_MAX_BATCH", defaults.maxBatchMessages()),
                intVar(env, "LOCAL_SNS_SINK_THREADS", defaults.sinkThreads()),
                Duration.ofMillis(intVar(env, "LOCAL_SNS_SINK_TIMEOUT_MS", (int) defaults.sinkTimeout().toMillis())),
                defaults.httpThreads(),
                Boolean.parseBoolean(env.getOrDefault("LOCAL_SNS_SIGN", "false")));
    }

    private static int intVar(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, not '" + value + "'", e);
        }
    }

    public SnsEndpointConfig withHost(String newHost) {
        return new SnsEndpointConfig(newHost, port, region, topicArns, batchWindow, maxBatchMessages, sinkThreads,
                sinkTimeout, httpThreads, signNotifications);
    }

    public SnsEndpointConfig withPort(int newPort) {
        return new SnsEndpointConfig(host, newPort, region, topicArns, batchWindow, maxBatchMessages, sinkThreads,
                sinkTimeout, httpThreads, signNotifications);
    }

    public SnsEndpointConfig withTopicArns(List<String> newTopicArns) {
        return new SnsEndpointConfig(host, port, region, newTopicArns, batchWindow, maxBatchMessages, sinkThreads,
                sinkTimeout, httpThreads, signNotifications);
    }

    public SnsEndpointConfig withBatchWindow(Duration newBatchWindow) {
        return new SnsEndpointConfig(host, port, region, topicArns, newBatchWindow, maxBatchMessages, sinkThreads,
                sinkTimeout, httpThreads, signNotifications);
    }

    public SnsEndpointConfig withMaxBatchMessages(int newMaxBatchMessages) {
        return new SnsEndpointConfig(host, port, region, topicArns, batchWindow, newMaxBatchMessages, sinkThreads,
                sinkTimeout, httpThreads, signNotifications);
    }

    public SnsEndpointConfig withSinkThreads(int newSinkThreads) {
        return new SnsEndpointConfig(host, port, region, topicArns, batchWindow, maxBatchMessages, newSinkThreads,
                sinkTimeout, httpThreads, signNotifications);
    }

    public SnsEndpointConfig withSinkTimeout(Duration newSinkTimeout) {
        return new SnsEndpointConfig(host, port, region, topicArns, batchWindow, maxBatchMessages, sinkThreads,
                newSinkTimeout, httpThreads, signNotifications);
    }

    public SnsEndpointConfig withSignNotifications(boolean sign) {
        return new SnsEndpointConfig(host, port, region, topicArns, batchWindow, maxBatchMessages, sinkThreads,
                sinkTimeout, httpThreads, sign);
    }
}
