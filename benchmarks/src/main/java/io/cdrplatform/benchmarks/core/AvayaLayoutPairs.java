package io.cdrplatform.benchmarks.core;

import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.LineFramer;
import java.util.ArrayList;
import java.util.List;

/**
 * Framing + parsing time per line of each layout against the seed layout's, measured in
 * interleaved pairs (seed, layout, seed, layout, ...) in one JVM, so that load from other
 * processes hits both sides of a pair alike; prints the median ratio per layout. For a shared,
 * loaded machine where JMH's separate runs drift apart.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.cdrplatform.benchmarks.core.AvayaLayoutPairs [pairs]</pre>
 */
public final class AvayaLayoutPairs {

    private AvayaLayoutPairs() {
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        AvayaParseBenchmark.Layout seed = layout("seed");
        for (String name : List.of("teleseer", "int-isdn", "customized")) {
            AvayaParseBenchmark.Layout other = layout(name);
            for (int warm = 0; warm < 50; warm++) {
                run(seed);
                run(other);
            }
            List<Double> ratios = new ArrayList<>();
            double seedNanos = 0;
            double otherNanos = 0;
            for (int i = 0; i < pairs; i++) {
                long a = run(seed);
                long b = run(other);
                ratios.add((double) b / a);
                seedNanos += a;
                otherNanos += b;
            }
            ratios.sort(null);
            double perLineSeed = seedNanos / pairs / AvayaParseBenchmark.LINES;
            double perLineOther = otherNanos / pairs / AvayaParseBenchmark.LINES;
            System.out.printf("RESULT %-10s %,.0f ns/line vs seed %,.0f ns/line: median ratio %.2f "
                            + "(p10 %.2f, p90 %.2f) over %d pairs%n", name, perLineOther, perLineSeed,
                    ratios.get(pairs / 2), ratios.get(pairs / 10), ratios.get(pairs * 9 / 10), pairs);
        }
    }

    private static AvayaParseBenchmark.Layout layout(String name) {
        AvayaParseBenchmark.Layout layout = new AvayaParseBenchmark.Layout();
        layout.layout = name;
        layout.setUp();
        return layout;
    }

    /** Nanoseconds to frame and parse the layout's 10,000 lines once. */
    private static long run(AvayaParseBenchmark.Layout state) {
        long[] parsed = {0};
        long start = System.nanoTime();
        LineFramer framer = new LineFramer(512);
        framer.feed(state.stream, frame -> {
            if (state.parser.parse(((LineFramer.Frame.Line) frame).text(), state.date) instanceof AvayaParseResult.Parsed) {
                parsed[0]++;
            }
        });
        long nanos = System.nanoTime() - start;
        if (parsed[0] != AvayaParseBenchmark.LINES) {
            throw new IllegalStateException("only " + parsed[0] + " lines parsed");
        }
        return nanos;
    }
}
