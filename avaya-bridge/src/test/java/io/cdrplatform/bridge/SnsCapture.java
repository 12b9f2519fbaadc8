package io.cdrplatform.bridge;

import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.event.EventParseResult;
import io.cdrplatform.snslocal.NotificationSink;
import io.cdrplatform.snslocal.SnsNotification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscriber of the test SNS endpoint: keeps every event published, read with the same codec
 * (and so the same rules) as the cdr-logger, counting how often each callId arrived.
 */
final class SnsCapture implements NotificationSink {

    private final CallEventCodec codec = new CallEventCodec();
    private final Map<String, CallEvent> events = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, String> messages = new ConcurrentHashMap<>();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    @Override
    public void accept(List<SnsNotification> batch) {
        for (SnsNotification notification : batch) {
            total.incrementAndGet();
            EventParseResult result = codec.parse(notification.message());
            if (result instanceof EventParseResult.Accepted accepted) {
                CallEvent event = accepted.event();
                events.put(event.callId(), event);
                messages.put(event.callId(), notification.message());
                deliveries.computeIfAbsent(event.callId(), id -> new AtomicInteger()).incrementAndGet();
            } else {
                invalid.incrementAndGet();
            }
        }
    }

    int distinctCalls() {
        return events.size();
    }

    long totalMessages() {
        return total.get();
    }

    long invalidMessages() {
        return invalid.get();
    }

    java.util.Collection<CallEvent> events() {
        return events.values();
    }

    CallEvent event(String callId) {
        return events.get(callId);
    }

    String message(String callId) {
        return messages.get(callId);
    }

    boolean has(String callId) {
        return events.containsKey(callId);
    }
}
