package io.cdrplatform.query.http;

import io.cdrplatform.query.failure.BadParameterException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a query string, decoded the way browsers encode forms ({@code %XX} escapes,
 * {@code +} for a space). Parsed from the raw query string rather than taken from API Gateway's
 * pre-decoded map, so that repeated parameters and escapes behave the same in Lambda and cdr-local.
 */
public final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Parses a raw query string (without the {@code ?}); null or empty gives no parameters. */
    public static QueryParameters parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
                values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        return new QueryParameters(values);
    }

    /** From already decoded single values (API Gateway's map when no raw query string is given). */
    public static QueryParameters of(Map<String, String> decoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (decoded != null) {
            decoded.forEach((name, value) -> values.put(name, List.of(value == null ? "" : value)));
        }
        return new QueryParameters(values);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** Every value given for {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The single value of {@code name}, or null when absent; given twice is a bad parameter. */
    public String single(String name) {
        List<String> given = all(name);
        if (given.isEmpty()) {
            return null;
        }
        if (given.size() > 1) {
            throw new BadParameterException(name, name + " is given " + given.size() + " times; give it once");
        }
        return given.get(0);
    }

    /** Rejects any parameter the route does not know, so that a typo is never silently ignored. */
    public void allowOnly(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new BadParameterException(name, "unknown parameter '" + Printable.of(name) + "'; this route takes "
                        + (known.isEmpty() ? "no parameters" : String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    /** Percent-decoding as UTF-8; a malformed escape is kept literally rather than failing. */
    static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()
                    && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Decodes one path segment ({@code +} stays a plus in paths). */
    public static String decodePathSegment(String segment) {
        return decode(segment, false);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
