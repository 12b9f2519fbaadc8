package io.cdrplatform.core.cdr;

import io.cdrplatform.core.event.Action;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random event streams of one call, in timestamp order. Timestamps come from a small range so that
 * ties (same instant, different content) are frequent, and the streams include the awkward cases:
 * several ends, metadata keys overwritten, identity fields that disagree.
 */
public final class CallEventStreams {

    public static final Instant BASE = Instant.parse("2024-01-15T10:00:00Z");

    private CallEventStreams() {
    }

    public static Arbitrary<List<CallEvent>> oneCall(String callId) {
        Arbitrary<CallEvent> event = Combinators.combine(
                        Arbitraries.of(EventType.values()),
                        Arbitraries.integers().between(0, 40),
                        Arbitraries.of(Outcome.values()),
                        Arbitraries.of("0", "1", "9", "*", "#", "A"),
                        Arbitraries.of("sms", "transfer", "callback"),
                        Arbitraries.of("k1", "k2"),
                        Arbitraries.strings().alpha().ofMaxLength(3),
                        Arbitraries.integers().between(0, 5))
                .as((type, second, outcome, digit, actionType, metaKey, metaValue, variant) ->
                        event(callId, type, BASE.plusSeconds(second), outcome, digit, actionType, metaKey, metaValue, variant));
        return event.list().ofMinSize(1).ofMaxSize(12)
                .map(events -> events.stream().sorted((a, b) -> a.timestamp().compareTo(b.timestamp())).toList());
    }

    private static CallEvent event(String callId, EventType type, Instant at, Outcome outcome, String digit,
                                   String actionType, String metaKey, String metaValue, int variant) {
        CallEvent.Builder builder = CallEvent.builder(callId, variant == 5 ? "campaign-b" : "campaign-a", type, at)
                .phoneNumber(variant == 4 ? null : "+1415555010" + (variant % 2))
                .contactId(variant == 3 ? "contact-x" : null)
                .source(variant == 2 ? "asterisk" : null)
                .metadata(variant == 1 ? Map.of() : Map.of(metaKey, metaValue));
        switch (type) {
            case CALL_ENDED -> builder.outcome(outcome)
                    .durationSeconds(variant == 0 ? null : (long) variant * 30)
                    .startTime(variant == 3 ? at.minusSeconds(100) : null);
            case DTMF_PRESSED -> builder.digit(digit);
            case ACTION_TRIGGERED -> builder.action(new Action(actionType,
                    variant % 2 == 0 ? Map.of() : Map.of("n", variant)));
            default -> {
            }
        }
        return builder.build();
    }

    /** Every event at least once, some several times, in an order chosen by {@code order}. */
    public static List<CallEvent> shuffledWithDuplicates(List<CallEvent> events, List<Integer> duplicates, long seed) {
        List<CallEvent> delivered = new ArrayList<>(events);
        for (int index : duplicates) {
            delivered.add(events.get(Math.floorMod(index, events.size())));
        }
        java.util.Collections.shuffle(delivered, new java.util.Random(seed));
        return delivered;
    }
}
