package io.cdrplatform.core.counter;

import io.cdrplatform.core.cdr.CallStatus;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.TriggeredAction;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one call, in its current state, adds to its campaign's counters: each named counter and
 * each action-type counter by exactly one, and {@code last_activity} at least to
 * {@code lastActivity}. The logger applies the difference between the contribution it applied
 * last and this one; a rebuild sums contributions. One rule for both.
 */
public record CounterContribution(
        String campaignId,
        Set<Counter> counters,
        Set<String> actionTypes,
        Instant lastActivity) {

    public CounterContribution {
        counters = counters.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Counter.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(counters));
        actionTypes = Collections.unmodifiableSet(new TreeSet<>(actionTypes));
    }

    public static CounterContribution of(Cdr cdr) {
        EnumSet<Counter> counters = EnumSet.of(Counter.TOTAL_ATTEMPTS);
        if (cdr.status() != CallStatus.COMPLETED) {
            counters.add(Counter.ACTIVE_CALLS);
        }
        if (cdr.reachedAnswered()) {
            counters.add(Counter.ANSWERED);
        }
        if (cdr.outcome() != null) {
            counters.add(Counter.of(cdr.outcome()));
        }
        Set<String> actionTypes = new TreeSet<>();
        for (TriggeredAction action : cdr.actionsTriggered()) {
            actionTypes.add(action.type());
        }
        return new CounterContribution(cdr.campaignId(), counters, actionTypes, cdr.lastEventAt());
    }
}
