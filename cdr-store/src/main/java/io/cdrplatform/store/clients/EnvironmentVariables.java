package io.cdrplatform.store.clients;

import java.util.Map;
import java.util.Objects;

/**
 * Reads settings from an environment (a map of variables), the same way for every module: blank
 * means unset, values are trimmed, and a malformed value is an {@link IllegalArgumentException}
 * whose message names the variable.
 */
public final class EnvironmentVariables {

    private final Map<String, String> env;

    public EnvironmentVariables(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The trimmed value, or null when unset or blank. */
    public String text(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The trimmed value, or {@code fallback} when unset or blank. */
    public String text(String name, String fallback) {
        String value = text(name);
        return value == null ? fallback : value;
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when unset. */
    public int integer(String name, int fallback, int min, int max) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    /** {@code true} or {@code false} (any case), or {@code fallback} when unset. */
    public boolean bool(String name, boolean fallback) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    }
}
