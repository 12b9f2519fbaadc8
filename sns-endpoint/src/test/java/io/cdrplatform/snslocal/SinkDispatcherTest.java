package io.cdrplatform.snslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Batching and failure handling of the dispatcher, without sockets. */
class SinkDispatcherTest {
    private static SnsNotification notification(String message) {
        return new SnsNotification(java.util.UUID.randomUUID().toString(), SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN,
                SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN + ":sub", null, message, Instant.EPOCH, Map.of(), null, null,
                "1", "sig", "cert", "unsubscribe");
    }

    private static List<SnsNotification> notifications(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> notification(prefix + i)).toList();
    }

    /** A sink that blocks in its first call until released, so that later submissions queue up behind it. */
    private static final class GateSink implements NotificationSink {
        final CountDownLatch firstCallEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<List<String>> batches = new CopyOnWriteArrayList<>();

        @Override
        public void accept(List<SnsNotification> batch) throws InterruptedException {
            firstCallEntered.countDown();
            release.await();
            batches.add(batch.stream().map(SnsNotification::message).toList());
        }
    }

    @Test
    void publishes_that_queue_while_the_sink_is_busy_are_delivered_as_one_batch() throws Exception {
        // given
        GateSink sink = new GateSink();
        try (SinkDispatcher dispatcher = new SinkDispatcher(sink, Duration.ZERO, 100, 1)) {
            dispatcher.start();
            CompletableFuture<Void> first = dispatcher.submit(List.of(notification("a")));
            assertThat(sink.firstCallEntered.await(10, TimeUnit.SECONDS)).isTrue();

            // when
            CompletableFuture<Void> b = dispatcher.submit(List.of(notification("b")));
            CompletableFuture<Void> c = dispatcher.submit(notifications("c", 3));
            CompletableFuture<Void> d = dispatcher.submit(List.of(notification("d")));
            assertThat(b).isNotDone();
            sink.release.countDown();
            CompletableFuture.allOf(first, b, c, d).get(10, TimeUnit.SECONDS);

            // then
            assertThat(sink.batches).containsExactly(List.of("a"), List.of("b", "c0", "c1", "c2", "d"));
        }
    }

    @Test
    void a_batch_never_exceeds_the_limit_and_a_submission_is_never_split() throws Exception {
        // given
        GateSink sink = new GateSink();
        try (SinkDispatcher dispatcher = new SinkDispatcher(sink, Duration.ZERO, 12, 1)) {
            dispatcher.start();
            CompletableFuture<Void> first = dispatcher.submit(List.of(notification("x")));
            assertThat(sink.firstCallEntered.await(10, TimeUnit.SECONDS)).isTrue();

            // when: three batches of 5 queue behind the busy sink; two fit under 12, the third waits
            List<CompletableFuture<Void>> queued = List.of(
                    dispatcher.submit(notifications("p", 5)),
                    dispatcher.submit(notifications("q", 5)),
                    dispatcher.submit(notifications("r", 5)));
            sink.release.countDown();
            first.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

            // then
            assertThat(sink.batches).hasSize(3);
            assertThat(sink.batches.get(1)).containsExactly("p0", "p1", "p2", "p3", "p4", "q0", "q1", "q2", "q3", "q4");
            assertThat(sink.batches.get(2)).containsExactly("r0", "r1", "r2", "r3", "r4");
        }
    }

    @Test
    void the_batching_window_gathers_publishes_that_arrive_within_it() throws Exception {
        // given: a window far longer than the test needs, so nothing depends on scheduling luck
        RecordingSink sink = new RecordingSink();
        try (SinkDispatcher dispatcher = new SinkDispatcher(sink, Duration.ofSeconds(30), 3, 1)) {
            dispatcher.start();

            // when: the third message fills the batch, which ends the wait
            CompletableFuture<Void> a = dispatcher.submit(List.of(notification("a")));
            CompletableFuture<Void> b = dispatcher.submit(List.of(notification("b")));
            CompletableFuture<Void> c = dispatcher.submit(List.of(notification("c")));
            CompletableFuture.allOf(a, b, c).get(10, TimeUnit.SECONDS);

            // then
            assertThat(sink.batches()).singleElement()
                    .satisfies(batch -> assertThat(batch).extracting(SnsNotification::message).containsExactly("a", "b", "c"));
        }
    }

    @Test
    void a_sink_failure_fails_every_submission_of_the_batch_and_the_next_batch_is_tried_afresh() throws Exception {
        // given
        RecordingSink sink = new RecordingSink();
        sink.failNext(1);
        try (SinkDispatcher dispatcher = new SinkDispatcher(sink, Duration.ZERO, 100, 1)) {
            dispatcher.start();

            // when
            CompletableFuture<Void> failed = dispatcher.submit(List.of(notification("a")));

            // then
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SinkDispatcher.SinkFailedException.class);
            dispatcher.submit(List.of(notification("b"))).get(10, TimeUnit.SECONDS);
            assertThat(sink.notifications()).extracting(SnsNotification::message).containsExactly("b");
        }
    }

    @Test
    void close_delivers_what_is_queued_and_refuses_what_comes_after() throws Exception {
        // given
        GateSink sink = new GateSink();
        SinkDispatcher dispatcher = new SinkDispatcher(sink, Duration.ZERO, 100, 1);
        dispatcher.start();
        CompletableFuture<Void> first = dispatcher.submit(List.of(notification("a")));
        assertThat(sink.firstCallEntered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> queued = dispatcher.submit(List.of(notification("b")));

        // when
        Thread closer = new Thread(dispatcher::close);
        closer.start();
        sink.release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(30));

        // then
        assertThat(first).isCompleted();
        assertThat(queued).isCompleted();
        assertThat(sink.batches).containsExactly(List.of("a"), List.of("b"));
        assertThatThrownBy(() -> dispatcher.submit(List.of(notification("c"))).get())
                .hasCauseInstanceOf(SinkDispatcher.DispatcherClosedException.class);
    }

    @Test
    void several_sink_threads_deliver_every_submission_exactly_once() throws Exception {
        // given
        RecordingSink sink = new RecordingSink();
        try (SinkDispatcher dispatcher = new SinkDispatcher(sink, Duration.ZERO, 10, 3)) {
            dispatcher.start();

            // when
            List<CompletableFuture<Void>> futures = IntStream.range(0, 500)
                    .mapToObj(i -> dispatcher.submit(List.of(notification("m" + i)))).toList();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            // then
            assertThat(sink.notifications()).extracting(SnsNotification::message)
                    .hasSize(500).doesNotHaveDuplicates();
            assertThat(sink.batches()).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(10));
        }
    }
}
