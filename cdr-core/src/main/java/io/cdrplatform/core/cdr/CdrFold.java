package io.cdrplatform.core.cdr;

import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CDR as a fold of events: {@code (state or null, event) -> state}, and the CDR view of a
 * state under a tariff. Stateless and thread-safe.
 */
public final class CdrFold {

    private final Tariff tariff;

    public CdrFold(Tariff tariff) {
        this.tariff = tariff;
    }

    /** The state after {@code event}; {@code current} is null for a call not seen before. */
    public CallState apply(CallState current, CallEvent event) {
        CallState single = CallState.of(event);
        return current == null ? single : current.merge(single);
    }

    /** Folds events (of one call) in the order given. */
    public CallState applyAll(CallState current, Iterable<CallEvent> events) {
        CallState state = current;
        for (CallEvent event : events) {
            state = apply(state, event);
        }
        return state;
    }

    public Cdr toCdr(CallState state) {
        Long duration = state.durationSeconds();
        List<String> digits = state.dtmfPresses().stream().map(DtmfPress::digit).toList();
        Map<String, Object> metadata = new TreeMap<>();
        state.metadata().forEach((key, stamped) -> metadata.put(key, stamped.value()));
        return new Cdr(
                state.callId(),
                state.campaignId().value(),
                value(state.contactId()),
                value(state.phoneNumber()),
                value(state.source()),
                state.status(),
                state.outcome(),
                state.reachedAnswered(),
                state.startTime(),
                state.answeredAt(),
                state.endTime(),
                duration,
                digits,
                state.actions(),
                duration == null ? null : tariff.costOf(duration),
                Collections.unmodifiableMap(metadata),
                state.lastEventAt());
    }

    public Tariff tariff() {
        return tariff;
    }

    private static String value(Stamped<String> stamped) {
        return stamped == null ? null : stamped.value();
    }
}
