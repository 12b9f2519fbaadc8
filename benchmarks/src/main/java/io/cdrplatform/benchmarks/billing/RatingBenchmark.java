package io.cdrplatform.benchmarks.billing;

import io.cdrplatform.core.cost.BillingIncrement;
import io.cdrplatform.core.cost.Pricing;
import io.cdrplatform.core.cost.Rate;
import io.cdrplatform.core.cost.RateTable;
import io.cdrplatform.core.cost.Tariff;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Calls rated per second (billing issue): the same 10,000 calls (E.164 numbers of 11-13 digits,
 * nine in ten starting with a prefix of the sheet, of 3-7 digits) priced with a 50,000-prefix carrier
 * table (two validity periods for a fifth of the prefixes) and with a one-price table, in the same
 * run. {@code destinations}: {@code uniform} spreads the calls over all 50,000 prefixes (the worst
 * case for the caches); {@code campaign} sends 95% of them to 200 prefixes (a campaign dials one
 * market), the rest anywhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class RatingBenchmark {

    static final int CALLS = 10_000;
    static final int PREFIXES = 50_000;
    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant CHANGE = Instant.parse("2024-03-01T00:00:00Z");

    @Param({"uniform", "campaign"})
    public String destinations;

    private Pricing carrier;
    private Pricing onePrice;
    private String[] numbers;
    private Instant[] starts;
    private long[] billable;

    @Setup
    public void setUp() {
        Random random = new Random(21);
        List<Rate> rates = new ArrayList<>(PREFIXES + PREFIXES / 5);
        List<String> prefixes = new ArrayList<>(PREFIXES);
        while (prefixes.size() < PREFIXES) {
            int length = 3 + random.nextInt(5);
            StringBuilder prefix = new StringBuilder().append(1 + random.nextInt(9));
            while (prefix.length() < length) {
                prefix.append(random.nextInt(10));
            }
            prefixes.add(prefix.toString());
        }
        List<String> distinct = prefixes.stream().distinct().toList();
        for (int i = 0; i < distinct.size(); i++) {
            String prefix = distinct.get(i);
            BigDecimal price = BigDecimal.valueOf(5 + random.nextInt(500), 4);
            if (i % 5 == 0) {
                rates.add(new Rate(prefix, "dest " + i, price, BigDecimal.ZERO, new BillingIncrement(30, 6), FROM, CHANGE));
                rates.add(new Rate(prefix, "dest " + i, price.add(BigDecimal.valueOf(1, 4)), new BigDecimal("0.01"),
                        new BillingIncrement(1, 1), CHANGE, null));
            } else {
                rates.add(new Rate(prefix, "dest " + i, price, BigDecimal.ZERO, BillingIncrement.PER_MINUTE, FROM, null));
            }
        }
        carrier = new Pricing(RateTable.of(rates), Tariff.defaults());
        onePrice = new Pricing(RateTable.of(List.of(new Rate("1", "one price", new BigDecimal("0.01"), BigDecimal.ZERO,
                BillingIncrement.PER_MINUTE, FROM, null))), Tariff.defaults());
        numbers = new String[CALLS];
        starts = new Instant[CALLS];
        billable = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            StringBuilder number = new StringBuilder("+");
            boolean market = destinations.equals("campaign") && random.nextInt(100) < 95;
            if (market) {
                number.append(distinct.get(random.nextInt(200)));
            } else if (random.nextInt(10) > 0) {
                number.append(distinct.get(random.nextInt(distinct.size())));
            } else {
                number.append(1 + random.nextInt(9));
            }
            int length = 11 + random.nextInt(3);
            while (number.length() < length + 1) {
                number.append(random.nextInt(10));
            }
            numbers[i] = number.toString();
            starts[i] = FROM.plusSeconds(random.nextInt(120 * 86_400));
            billable[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(1800);
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void fiftyThousandPrefixTable(Blackhole blackhole) {
        for (int i = 0; i < CALLS; i++) {
            blackhole.consume(carrier.price(numbers[i], starts[i], billable[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void onePriceTable(Blackhole blackhole) {
        for (int i = 0; i < CALLS; i++) {
            blackhole.consume(onePrice.price(numbers[i], starts[i], billable[i]));
        }
    }
}
