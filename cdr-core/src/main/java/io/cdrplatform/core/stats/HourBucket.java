package io.cdrplatform.core.stats;

import java.math.BigDecimal;

/** Calls whose start fell in one hour of the day (0-23, in the requested time zone). */
public record HourBucket(int hour, long attempts, long answered, BigDecimal answerRate) {
}
