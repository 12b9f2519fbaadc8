package io.cdrplatform.core.cdr;

import io.cdrplatform.core.event.JsonValues;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/** One action of a call. Identity is (time, type, parameters): a redelivered action is the same action. */
public record TriggeredAction(String type, Map<String, Object> parameters, Instant at)
        implements Comparable<TriggeredAction> {

    private static final Comparator<TriggeredAction> ORDER = Comparator.comparing(TriggeredAction::at)
            .thenComparing(TriggeredAction::type)
            .thenComparing(action -> JsonValues.canonical(action.parameters()));

    public TriggeredAction {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        parameters = JsonValues.immutableObject(parameters);
    }

    @Override
    public int compareTo(TriggeredAction other) {
        return ORDER.compare(this, other);
    }
}
