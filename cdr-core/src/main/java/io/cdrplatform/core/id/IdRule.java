package io.cdrplatform.core.id;

import java.util.regex.Pattern;

/**
 * The contract's id rule (CONTRACT section 1): {@code callId} and {@code campaignId} are 1-128
 * characters of {@code [A-Za-z0-9._:-]}. The one home of that character class; shorter names of the
 * same alphabet ({@code source}, a PBX name: 1-64) are the same class with other lengths.
 * Immutable and thread-safe.
 */
public final class IdRule {

    /** The characters every id is made of, as a regex character class. */
    public static final String CHARACTER_CLASS = "[A-Za-z0-9._:-]";

    /** {@code callId}, {@code campaignId}: 1-128 characters of {@link #CHARACTER_CLASS}. */
    public static final IdRule ID = ofLength(1, 128);

    /** An event's {@code source}, a PBX name: 1-64 characters of {@link #CHARACTER_CLASS}. */
    public static final IdRule NAME = ofLength(1, 64);

    private final int minLength;
    private final int maxLength;
    private final String regex;
    private final Pattern pattern;

    private IdRule(int minLength, int maxLength) {
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.regex = CHARACTER_CLASS + "{" + minLength + "," + maxLength + "}";
        this.pattern = Pattern.compile(regex);
    }

    /** {@code minLength} to {@code maxLength} characters of {@link #CHARACTER_CLASS}. */
    public static IdRule ofLength(int minLength, int maxLength) {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("lengths must satisfy 1 <= min <= max, got " + minLength + ".." + maxLength);
        }
        return new IdRule(minLength, maxLength);
    }

    /** Whether {@code value} is an id of this rule; null is not. */
    public boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }

    /** The rule as a regex ({@code [A-Za-z0-9._:-]{1,128}}), for embedding in a larger pattern. */
    public String regex() {
        return regex;
    }

    /** The rule for a message: {@code 1-128 characters of [A-Za-z0-9._:-]}. */
    public String describe() {
        return minLength + "-" + maxLength + " characters of " + CHARACTER_CLASS;
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public String toString() {
        return regex;
    }
}
