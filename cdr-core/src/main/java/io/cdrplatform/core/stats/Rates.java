package io.cdrplatform.core.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The contract's rates: a ratio rounded half-up to 4 decimals, 0 when the divisor is 0. */
public final class Rates {
    public static final int SCALE = 4;

    private Rates() {
    }

    public static BigDecimal ratio(long numerator, long denominator) {
        if (denominator == 0) {
            return BigDecimal.ZERO.setScale(SCALE);
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), SCALE, RoundingMode.HALF_UP);
    }

    /** A mean rounded half-up to 2 decimals, 0 when there is nothing to average. */
    public static BigDecimal mean(long total, long count) {
        if (count == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return BigDecimal.valueOf(total).divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }
}
