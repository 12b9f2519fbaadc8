package io.cdrplatform.bridge.sns;

import io.cdrplatform.bridge.BridgeConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;

/**
 * The SNS client the bridge builds for itself: the configured region, credentials from the SDK's
 * default chain (environment, profile, container or instance role), the blocking URL-connection
 * HTTP client, bounded timeouts (a hung endpoint becomes a retried failure, not a stuck sink),
 * and the endpoint from {@code AWS_ENDPOINT_URL_SNS} / {@code AWS_ENDPOINT_URL} when set.
 *
 * <p>The SDK reads those two variables from the process environment by itself too; the bridge
 * passes the value from its own configuration so that an embedded bridge (cdr-local), whose
 * configuration map is not the process environment, targets the same endpoint.
 */
public final class SnsClients {

    private SnsClients() {
    }

    /** With credentials from the SDK's default provider chain. */
    public static SnsClient create(BridgeConfig config) {
        return build(config, null);
    }

    /** With the given credentials (tests, or a host process that has its own). */
    public static SnsClient create(BridgeConfig config, AwsCredentialsProvider credentials) {
        return build(config, credentials);
    }

    private static SnsClient build(BridgeConfig config, AwsCredentialsProvider credentials) {
        SnsClientBuilder builder = SnsClient.builder()
                .region(Region.of(config.awsRegion()))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(override -> override
                        .apiCallAttemptTimeout(Duration.ofSeconds(20))
                        .apiCallTimeout(Duration.ofSeconds(60)));
        config.snsEndpoint().ifPresent(builder::endpointOverride);
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder.build();
    }
}
