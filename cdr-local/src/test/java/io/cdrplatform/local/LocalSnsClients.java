package io.cdrplatform.local;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/** The AWS SDK v2 SNS client a user points at cdr-local's SNS endpoint (any credentials do). */
final class LocalSnsClients {

    private LocalSnsClients() {
    }

    static SnsClient forPort(int snsPort) {
        return SnsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + snsPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
