package io.cdrplatform.core.cdr;

import io.cdrplatform.core.cost.BillableSeconds;
import io.cdrplatform.core.cost.Pricing;
import io.cdrplatform.core.cost.Rating;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The CDR as a fold of events: {@code (state or null, event) -> state}, and the CDR view of a
 * state, priced with the rates in force ({@link Pricing}, read from {@code pricing} at each call so
 * that a refreshed rate table takes effect). Stateless and thread-safe.
 *
 * <p>The view is a pure function of the state and of how the call was priced: a stored record
 * keeps its {@link Rating} (written with it, or moved by {@code rerate}), and {@link #toCdr(CallState, Rating)}
 * gives back exactly that record's view whatever the rates are now.
 */
public final class CdrFold {

    private final Supplier<Pricing> pricing;

    /** Prices with this tariff alone (no rate table). */
    public CdrFold(Tariff tariff) {
        this(Pricing.of(tariff));
    }

    public CdrFold(Pricing pricing) {
        Objects.requireNonNull(pricing, "pricing");
        this.pricing = () -> pricing;
    }

    /** Prices with what {@code pricing} supplies at each call (the logger's refreshed rate table). */
    public CdrFold(Supplier<Pricing> pricing) {
        this.pricing = Objects.requireNonNull(pricing, "pricing");
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

    /** The view of a state, priced now. */
    public Cdr toCdr(CallState state) {
        return toCdr(state, null);
    }

    /**
     * The view of a state priced with {@code rating} (how its stored record was priced), or priced
     * now when {@code rating} is null (a new state, or a record written before calls were rated).
     */
    public Cdr toCdr(CallState state, Rating rating) {
        Long duration = state.durationSeconds();
        Rating priced = duration == null ? null : rating != null ? rating : rate(state, pricing.get());
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
                priced == null ? null : priced.cost(),
                priced == null ? null : priced.billableSeconds(),
                priced == null ? null : priced.ratePrefix(),
                priced == null ? null : priced.rateName(),
                Collections.unmodifiableMap(metadata),
                state.lastEventAt());
    }

    /** How an ended call is priced with {@code pricing}; null while it goes on. */
    public static Rating rate(CallState state, Pricing pricing) {
        Long duration = state.durationSeconds();
        if (duration == null) {
            return null;
        }
        long billable = BillableSeconds.of(state.outcome(), state.answeredAt(), state.endTime(), duration);
        return pricing.price(value(state.phoneNumber()), state.startTime(), billable);
    }

    /** The pricing in force now. */
    public Pricing pricing() {
        return pricing.get();
    }

    private static String value(Stamped<String> stamped) {
        return stamped == null ? null : stamped.value();
    }
}
