package io.cdrplatform.core.cost;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A carrier billing increment in the usual {@code first/next} form: the first {@code first}
 * seconds are billed as a block, then every started {@code next} seconds. {@code 60/60} bills per
 * started minute, {@code 1/1} per second, {@code 30/6} a 30 s minimum then 6 s steps.
 */
public record BillingIncrement(int firstSeconds, int nextSeconds) {

    public static final BillingIncrement PER_MINUTE = new BillingIncrement(60, 60);
    private static final int MAX_SECONDS = 3600;
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,5})\\s*/\\s*(\\d{1,5})\\s*");

    public BillingIncrement {
        if (firstSeconds < 1 || firstSeconds > MAX_SECONDS || nextSeconds < 1 || nextSeconds > MAX_SECONDS) {
            throw new IllegalArgumentException("BILLING_INCREMENT seconds must be between 1 and " + MAX_SECONDS
                    + ", got " + firstSeconds + "/" + nextSeconds);
        }
    }

    /** Reads {@code "first/next"}, e.g. {@code "60/60"} or {@code "30/6"}. */
    public static BillingIncrement parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("BILLING_INCREMENT is empty; expected first/next seconds like 60/60");
        }
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("BILLING_INCREMENT '" + text
                    + "' is not in first/next seconds form like 60/60, 1/1, 6/6 or 30/6");
        }
        return new BillingIncrement(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /** The seconds billed for a call of {@code durationSeconds}; a 0 s call bills nothing. */
    public long billedSeconds(long durationSeconds) {
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("negative duration " + durationSeconds);
        }
        if (durationSeconds == 0) {
            return 0;
        }
        if (durationSeconds <= firstSeconds) {
            return firstSeconds;
        }
        long rest = durationSeconds - firstSeconds;
        long steps = (rest + nextSeconds - 1) / nextSeconds;
        return firstSeconds + steps * nextSeconds;
    }

    @Override
    public String toString() {
        return firstSeconds + "/" + nextSeconds;
    }
}
