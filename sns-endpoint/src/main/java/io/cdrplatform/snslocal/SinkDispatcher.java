package io.cdrplatform.snslocal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands submissions to the sink in batches. Each dispatcher thread takes the next submission, then
 * whatever else is already waiting (or arrives within the batching window) up to the batch limit,
 * and calls the sink once for all of them: publishes that arrive together are delivered together,
 * and a busy sink gets bigger batches instead of a longer queue. A submission (one Publish or one
 * PublishBatch) is never split; its future completes when the sink has returned for its batch.
 */
final class SinkDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkDispatcher.class);
    private static final Submission STOP = new Submission(List.of(), new CompletableFuture<>());

    record Submission(List<SnsNotification> notifications, CompletableFuture<Void> accepted) {
    }

    /** The sink failed (threw, or returned an Error) for the batch holding a submission. */
    static final class SinkFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        SinkFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The dispatcher is closed and takes nothing more. */
    static final class DispatcherClosedException extends Exception {
        private static final long serialVersionUID = 1L;

        DispatcherClosedException() {
            super("the SNS endpoint is shutting down");
        }
    }

    private final NotificationSink sink;
    private final Duration window;
    private final int maxBatchMessages;
    private final LinkedBlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    SinkDispatcher(NotificationSink sink, Duration window, int maxBatchMessages, int threads) {
        if (maxBatchMessages < 1 || threads < 1) {
            throw new IllegalArgumentException("maxBatchMessages and threads must be >= 1");
        }
        this.sink = sink;
        this.window = window;
        this.maxBatchMessages = maxBatchMessages;
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::run, "sns-sink-" + (i + 1));
            worker.setDaemon(true);
            workers.add(worker);
        }
    }

    void start() {
        workers.forEach(Thread::start);
    }

    CompletableFuture<Void> submit(List<SnsNotification> notifications) {
        Submission submission = new Submission(List.copyOf(notifications), new CompletableFuture<>());
        if (closed) {
            submission.accepted().completeExceptionally(new DispatcherClosedException());
            return submission.accepted();
        }
        queue.add(submission);
        return submission.accepted();
    }

    private void run() {
        Submission carried = null;
        while (true) {
            Submission first;
            try {
                first = carried != null ? carried : queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            carried = null;
            if (first == STOP) {
                return;
            }
            List<Submission> batch = new ArrayList<>();
            batch.add(first);
            int messages = first.notifications().size();
            long deadline = System.nanoTime() + window.toNanos();
            boolean stopAfterBatch = false;
            while (messages < maxBatchMessages) {
                Submission next;
                try {
                    long waitNanos = deadline - System.nanoTime();
                    next = waitNanos > 0 ? queue.poll(waitNanos, TimeUnit.NANOSECONDS) : queue.poll();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (next == null) {
                    break;
                }
                if (next == STOP) {
                    stopAfterBatch = true;
                    break;
                }
                if (messages + next.notifications().size() > maxBatchMessages) {
                    carried = next;
                    break;
                }
                batch.add(next);
                messages += next.notifications().size();
            }
            deliver(batch, messages);
            if (stopAfterBatch) {
                if (carried != null) {
                    deliver(List.of(carried), carried.notifications().size());
                }
                return;
            }
        }
    }

    private void deliver(List<Submission> batch, int messages) {
        List<SnsNotification> notifications = new ArrayList<>(messages);
        batch.forEach(submission -> notifications.addAll(submission.notifications()));
        try {
            sink.accept(notifications);
        } catch (Throwable e) {
            LOG.atError().setMessage("SNS sink rejected a batch; publishers get an error and retry")
                    .addKeyValue("messages", messages)
                    .addKeyValue("publishes", batch.size())
                    .addKeyValue("reason", String.valueOf(e))
                    .setCause(e)
                    .log();
            SinkFailedException failure = new SinkFailedException("the subscriber did not accept the message: " + e, e);
            batch.forEach(submission -> submission.accepted().completeExceptionally(failure));
            if (e instanceof VirtualMachineError error) {
                throw error;
            }
            return;
        }
        LOG.atDebug().setMessage("SNS sink accepted a batch")
                .addKeyValue("messages", messages)
                .addKeyValue("publishes", batch.size())
                .log();
        batch.forEach(submission -> submission.accepted().complete(null));
    }

    /** Stops taking submissions, delivers what is queued, and waits for the dispatcher threads. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** As {@link #close()}, waiting at most {@code patience} for each dispatcher thread (a hung sink is abandoned). */
    void close(Duration patience) {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(worker -> queue.add(STOP));
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, patience.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // a submit racing with close may have queued behind the STOPs: refuse it rather than leave it waiting
        Submission left;
        while ((left = queue.poll()) != null) {
            left.accepted().completeExceptionally(new DispatcherClosedException());
        }
    }
}
