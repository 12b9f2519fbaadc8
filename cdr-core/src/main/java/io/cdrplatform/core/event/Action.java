package io.cdrplatform.core.event;

import java.util.Map;
import java.util.Objects;

/**
 * An action an IVR or agent triggered during a call.
 *
 * @param type       {@code [a-z0-9_]{1,64}}
 * @param parameters an opaque JSON object (nested maps, lists, strings, numbers, booleans, nulls)
 */
public record Action(String type, Map<String, Object> parameters) {
    public Action {
        Objects.requireNonNull(type, "type");
        parameters = JsonValues.immutableObject(parameters);
    }
}
