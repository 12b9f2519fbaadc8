package io.cdrplatform.core.stats;

import java.math.BigDecimal;

/** One entry of {@code /stats} {@code costByDestination}: a rate name and what its calls add up to. */
public record DestinationCost(String rateName, long calls, long billableSeconds, BigDecimal cost) {
}
