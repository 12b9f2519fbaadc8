package io.cdrplatform.reliability.sns;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;

/**
 * Publishes a list of messages to an SNS endpoint through the real AWS SDK v2 client, from several
 * threads at once, in {@code PublishBatch} calls of up to 10 (or one {@code Publish} per message, the
 * naive way), and keeps at it until every message is acknowledged: an entry SNS failed on its side,
 * or a call that failed as a whole (endpoint down, killed, timed out), is published again after a
 * short backoff, exactly as a careful producer would. A message refused as the sender's fault is
 * recorded and not retried (it would be refused for ever).
 *
 * <p>Acknowledged means what SNS's answer means: the endpoint accepted it. The publisher records
 * which messages were acknowledged and when, so a test can check that nothing acknowledged is lost.
 * A {@linkplain #pause() gate} holds every thread before its next call, for fault injection.
 */
public final class LoadPublisher implements AutoCloseable {

    /** How messages are grouped into calls. */
    public enum Mode {
        /** {@code PublishBatch} of up to 10 entries per call. */
        BATCH,
        /** One {@code Publish} per message: the naive producer. */
        SINGLE
    }

    private static final Duration GIVE_UP_WITHOUT_PROGRESS = Duration.ofMinutes(3);

    private final String topicArn;
    private final int threads;
    private final Mode mode;
    private final List<SnsClient> clients = new ArrayList<>();

    private final Object gate = new Object();
    private boolean open = true;
    private int inFlight;

    private List<String> messages = List.of();
    private AtomicIntegerArray acknowledged = new AtomicIntegerArray(0);
    private AtomicLongArray acknowledgedAtNanos = new AtomicLongArray(0);
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger acknowledgedCount = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();
    private final AtomicLong republishedEntries = new AtomicLong();
    private final Map<Integer, String> refused = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failureKinds = new ConcurrentHashMap<>();
    private final Histogram callMillis = new ConcurrentHistogram(3);
    private volatile long lastProgressNanos;
    private volatile long startNanos;

    public LoadPublisher(URI endpoint, String topicArn, int threads, Mode mode) {
        this.topicArn = topicArn;
        this.threads = threads;
        this.mode = mode;
        for (int i = 0; i < threads; i++) {
            clients.add(SnsClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("load", "load")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(2))
                            .socketTimeout(Duration.ofSeconds(60)))
                    // retries are this publisher's own, so that every call is counted
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build());
        }
    }

    /** Publishes every message and returns once each one is acknowledged or refused. */
    public void publishAll(List<String> toPublish) throws InterruptedException {
        try {
            start(toPublish).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Starts publishing every message and answers a future that completes once each one is
     * acknowledged or refused. The counts ({@link #acknowledgedCount()}, ...) are those of this run
     * as soon as this returns. One run at a time.
     */
    public CompletableFuture<Void> start(List<String> toPublish) {
        messages = List.copyOf(toPublish);
        acknowledged = new AtomicIntegerArray(messages.size());
        acknowledgedAtNanos = new AtomicLongArray(messages.size());
        next.set(0);
        acknowledgedCount.set(0);
        refused.clear();
        startNanos = System.nanoTime();
        lastProgressNanos = startNanos;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            SnsClient client = clients.get(i);
            Thread worker = new Thread(() -> {
                try {
                    work(client);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "sns-load-" + i);
            workers.add(worker);
            worker.start();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread joiner = new Thread(() -> {
            try {
                for (Thread worker : workers) {
                    worker.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.completeExceptionally(e);
                return;
            }
            if (errors.isEmpty()) {
                done.complete(null);
            } else {
                IllegalStateException failure = new IllegalStateException("publishing failed: " + errors.get(0),
                        errors.get(0));
                errors.stream().skip(1).forEach(failure::addSuppressed);
                done.completeExceptionally(failure);
            }
        }, "sns-load-joiner");
        joiner.setDaemon(true);
        joiner.start();
        return done;
    }

    private void work(SnsClient client) throws InterruptedException {
        int size = mode == Mode.BATCH ? 10 : 1;
        while (true) {
            int from = next.getAndAdd(size);
            if (from >= messages.size()) {
                return;
            }
            List<Integer> pending = new ArrayList<>();
            for (int i = from; i < Math.min(from + size, messages.size()); i++) {
                pending.add(i);
            }
            long backoffMillis = 20;
            boolean firstAttempt = true;
            while (!pending.isEmpty()) {
                if (!firstAttempt) {
                    republishedEntries.addAndGet(pending.size());
                }
                firstAttempt = false;
                enterGate();
                try {
                    pending = attempt(client, pending);
                } finally {
                    leaveGate();
                }
                if (!pending.isEmpty()) {
                    if (System.nanoTime() - lastProgressNanos > GIVE_UP_WITHOUT_PROGRESS.toNanos()) {
                        throw new IllegalStateException("no message acknowledged for " + GIVE_UP_WITHOUT_PROGRESS
                                + "; failures so far: " + failureKinds);
                    }
                    Thread.sleep(backoffMillis);
                    backoffMillis = Math.min(1000, backoffMillis * 2);
                }
            }
        }
    }

    /** One call; returns the entries still to publish. */
    private List<Integer> attempt(SnsClient client, List<Integer> pending) {
        calls.incrementAndGet();
        long start = System.nanoTime();
        try {
            if (mode == Mode.SINGLE) {
                int index = pending.get(0);
                client.publish(request -> request.topicArn(topicArn).message(messages.get(index)));
                callMillis.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000_000));
                acknowledge(index);
                return List.of();
            }
            List<PublishBatchRequestEntry> entries = new ArrayList<>(pending.size());
            for (int index : pending) {
                entries.add(PublishBatchRequestEntry.builder().id("m" + index).message(messages.get(index)).build());
            }
            PublishBatchResponse response = client.publishBatch(request -> request.topicArn(topicArn)
                    .publishBatchRequestEntries(entries));
            callMillis.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000_000));
            for (PublishBatchResultEntry ok : response.successful()) {
                acknowledge(Integer.parseInt(ok.id().substring(1)));
            }
            List<Integer> again = new ArrayList<>();
            for (BatchResultErrorEntry failed : response.failed()) {
                int index = Integer.parseInt(failed.id().substring(1));
                if (Boolean.TRUE.equals(failed.senderFault())) {
                    refused.put(index, failed.code() + ": " + failed.message());
                } else {
                    failureKinds.computeIfAbsent("entry " + failed.code(), k -> new AtomicLong()).incrementAndGet();
                    again.add(index);
                }
            }
            return again;
        } catch (SdkException e) {
            failedCalls.incrementAndGet();
            String kind = e.getClass().getSimpleName();
            failureKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            if (e instanceof software.amazon.awssdk.services.sns.model.SnsException sns && sns.statusCode() < 500
                    && sns.statusCode() != 429) {
                // the sender's fault (e.g. an oversize message): it would be refused for ever
                pending.forEach(index -> refused.put(index, sns.statusCode() + " " + sns.awsErrorDetails().errorCode()));
                return List.of();
            }
            return pending;
        }
    }

    private void acknowledge(int index) {
        if (acknowledged.compareAndSet(index, 0, 1)) {
            long now = System.nanoTime();
            acknowledgedAtNanos.set(index, now);
            acknowledgedCount.incrementAndGet();
            lastProgressNanos = now;
        }
    }

    private void enterGate() throws InterruptedException {
        synchronized (gate) {
            while (!open) {
                gate.wait();
            }
            inFlight++;
        }
    }

    private void leaveGate() {
        synchronized (gate) {
            inFlight--;
            gate.notifyAll();
        }
    }

    /** Holds every thread before its next call; calls already made go on until they answer or fail. */
    public void pause() {
        synchronized (gate) {
            open = false;
        }
    }

    /** Waits until no call is in flight (after {@link #pause()}). */
    public void awaitNoCallInFlight() throws InterruptedException {
        synchronized (gate) {
            while (inFlight > 0) {
                gate.wait();
            }
        }
    }

    public void resume() {
        synchronized (gate) {
            open = true;
            lastProgressNanos = System.nanoTime();
            gate.notifyAll();
        }
    }

    public int acknowledgedCount() {
        return acknowledgedCount.get();
    }

    public boolean isAcknowledged(int index) {
        return acknowledged.get(index) == 1;
    }

    /** When the message was acknowledged, in nanoseconds since the run started (or -1). */
    public long acknowledgedAfterNanos(int index) {
        return acknowledged.get(index) == 1 ? acknowledgedAtNanos.get(index) - startNanos : -1;
    }

    public int total() {
        return messages.size();
    }

    /** Messages the endpoint refused as the sender's fault, by index, with the reason. */
    public Map<Integer, String> refused() {
        return Map.copyOf(refused);
    }

    public long calls() {
        return calls.get();
    }

    public long failedCalls() {
        return failedCalls.get();
    }

    /** Entries sent again after a failed call or a failed entry (extra redeliveries beyond the test's own). */
    public long republishedEntries() {
        return republishedEntries.get();
    }

    public Map<String, Long> failureKinds() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        failureKinds.forEach((kind, count) -> copy.put(kind, count.get()));
        return copy;
    }

    /** Duration of each successful call (ms). */
    public Histogram callMillis() {
        return callMillis.copy();
    }

    @Override
    public void close() {
        clients.forEach(SnsClient::close);
    }
}
