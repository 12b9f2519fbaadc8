package io.cdrplatform.snslocal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps every batch it accepted and can be told to refuse the next N batches. */
final class RecordingSink implements NotificationSink {
    private final List<List<SnsNotification>> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public void accept(List<SnsNotification> batch) {
        calls.incrementAndGet();
        if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new IllegalStateException("store unavailable");
        }
        batches.add(List.copyOf(batch));
    }

    void failNext(int count) {
        failuresLeft.set(count);
    }

    int calls() {
        return calls.get();
    }

    List<List<SnsNotification>> batches() {
        return batches;
    }

    List<SnsNotification> notifications() {
        List<SnsNotification> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }
}
