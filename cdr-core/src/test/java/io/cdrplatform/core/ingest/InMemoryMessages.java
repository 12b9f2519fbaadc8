package io.cdrplatform.core.ingest;

import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventParseResult;
import io.cdrplatform.core.event.EventParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transport and the parser in memory: a delivered message's body names the event it carries,
 * and parsing hands that event back unchanged. The ingestor's tests thus spend their time on the
 * ingestor, not on JSON; the JSON of the contract is {@code CallEventCodec}'s, tested on its own,
 * and the cdr-logger's tests ingest real JSON through real stores. Every delivery gets new message
 * ids, as SNS and SQS give a redelivered message. Thread-safe.
 */
final class InMemoryMessages implements EventParser {

    private final Map<String, CallEvent> sent = new HashMap<>();
    private int deliveries;

    /** The messages of one delivery of these events, in this order. */
    synchronized List<InboundMessage> deliver(List<CallEvent> events) {
        List<InboundMessage> messages = new ArrayList<>(events.size());
        for (CallEvent event : events) {
            String id = "m" + deliveries++;
            sent.put(id, event);
            messages.add(new InboundMessage(id, id));
        }
        return messages;
    }

    @Override
    public synchronized EventParseResult parse(String body) {
        CallEvent event = sent.get(body);
        if (event == null) {
            throw new IllegalArgumentException("no message " + body + " was delivered");
        }
        return new EventParseResult.Accepted(event);
    }
}
