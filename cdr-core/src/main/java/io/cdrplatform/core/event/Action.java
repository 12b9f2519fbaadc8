package io.cdrplatform.core.event;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An action an IVR or agent triggered during a call.
 *
 * @param type       {@code [a-z0-9_]{1,64}}
 * @param parameters an opaque JSON object (nested maps, lists, strings, numbers, booleans, nulls)
 */
public record Action(String type, Map<String, Object> parameters) {
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_]{1,64}");

    /** Whether {@code text} is an action type: 1-64 characters of {@code [a-z0-9_]} (CONTRACT section 1). */
    public static boolean isValidType(String text) {
        return TYPE.matcher(text).matches();
    }

    public Action {
        Objects.requireNonNull(type, "type");
        parameters = JsonValues.immutableObject(parameters);
    }
}
