package io.cdrplatform.snslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** Start, stop, ports, concurrency: the endpoint as a server. */
class SnsEndpointLifecycleTest {
    private static final String CALL_EVENTS = SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN;

    private static SnsClient client(SnsEndpoint endpoint) {
        return SnsClient.builder()
                .endpointOverride(endpoint.endpointUri())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @Test
    void a_taken_port_is_a_bind_error_naming_the_address() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SnsEndpoint endpoint = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(taken.getLocalPort()), batch -> { });

            assertThatThrownBy(endpoint::start)
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
            endpoint.close();
        }
    }

    @Test
    void a_fixed_port_is_bound_as_configured_and_released_on_close() throws Exception {
        // given
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        // when
        try (SnsEndpoint endpoint = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(port), batch -> { }).start()) {
            assertThat(endpoint.port()).isEqualTo(port);
        }

        // then
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void concurrent_publishes_within_the_batching_window_reach_the_sink_as_one_batch() throws Exception {
        // given: a window far longer than needed; the tenth message fills the batch and ends the wait
        RecordingSink sink = new RecordingSink();
        SnsEndpointConfig config = SnsEndpointConfig.defaults().withPort(0)
                .withBatchWindow(Duration.ofSeconds(30)).withMaxBatchMessages(10);
        ExecutorService publishers = Executors.newFixedThreadPool(10);
        try (SnsEndpoint endpoint = new SnsEndpoint(config, sink).start(); SnsClient sns = client(endpoint)) {
            // when
            List<Future<PublishResponse>> responses = IntStream.range(0, 10)
                    .mapToObj(i -> publishers.submit(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).message("m" + i))))
                    .toList();
            List<String> ids = new CopyOnWriteArrayList<>();
            for (Future<PublishResponse> response : responses) {
                ids.add(response.get(30, TimeUnit.SECONDS).messageId());
            }

            // then
            assertThat(sink.batches()).singleElement().satisfies(batch ->
                    assertThat(batch).extracting(SnsNotification::messageId).containsExactlyInAnyOrderElementsOf(ids));
        } finally {
            publishers.shutdownNow();
        }
    }

    @Test
    void close_answers_a_publish_in_flight_once_the_sink_has_accepted_it() throws Exception {
        // given: a publish waiting in the sink
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<SnsNotification> accepted = new CopyOnWriteArrayList<>();
        NotificationSink slowSink = batch -> {
            inSink.countDown();
            release.await();
            accepted.addAll(batch);
        };
        SnsEndpoint endpoint = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(0), slowSink).start();
        try (SnsClient sns = client(endpoint)) {
            CompletableFuture<PublishResponse> publish =
                    CompletableFuture.supplyAsync(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).message("last words")));
            assertThat(inSink.await(10, TimeUnit.SECONDS)).isTrue();

            // when
            CompletableFuture<Void> closing = CompletableFuture.runAsync(endpoint::close);
            release.countDown();
            closing.get(30, TimeUnit.SECONDS);

            // then
            assertThat(publish.get(10, TimeUnit.SECONDS).messageId()).isEqualTo(accepted.get(0).messageId());
            assertThatThrownBy(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).message("too late")))
                    .isInstanceOf(SdkClientException.class);
        }
    }

    @Test
    void a_sink_that_does_not_answer_in_time_makes_the_publish_service_unavailable() throws Exception {
        // given
        CountDownLatch release = new CountDownLatch(1);
        SnsEndpointConfig config = SnsEndpointConfig.defaults().withPort(0).withSinkTimeout(Duration.ofMillis(200));
        SnsEndpoint endpoint = new SnsEndpoint(config, batch -> release.await()).start();
        try (SnsClient sns = client(endpoint)) {
            // when / then
            assertThatThrownBy(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).message("m")))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.sns.model.SnsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                    });
        } finally {
            release.countDown();
            endpoint.close();
        }
    }

    @Test
    void the_endpoint_starts_only_once() throws Exception {
        try (SnsEndpoint endpoint = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(0), batch -> { }).start()) {
            assertThatThrownBy(endpoint::start).isInstanceOf(IllegalStateException.class);
        }
    }
}
