package io.cdrplatform.benchmarks.core;

import io.cdrplatform.core.avaya.AvayaCallEvents;
import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.avaya.LineFramer;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Avaya lines per second: bytes -> framed lines -> parsed records (-> event JSON), against a naive
 * parser that splits each line with a regex and parses dates with a formatter built per line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AvayaParseBenchmark {

    static final int LINES = 10_000;

    private byte[] stream;
    private String[] lines;
    private final AvayaRecordParser parser = new AvayaRecordParser(ZoneOffset.UTC);
    private final CallEventCodec codec = new CallEventCodec();

    @Setup
    public void setUp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines = new String[LINES];
        for (int i = 0; i < LINES; i++) {
            lines[i] = String.format("%02d0925 %02d%02d %d%02d%02d                    %d 0                %d",
                    1 + i % 28, i % 24, i % 60, i % 3, i % 60, i * 7 % 60, 2000 + i % 900, 3000 + i % 700);
            if (!(parser.parse(lines[i]) instanceof AvayaParseResult.Parsed)) {
                throw new IllegalStateException("benchmark line does not parse: " + lines[i]);
            }
            out.writeBytes((lines[i] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        stream = out.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void frameAndParse(Blackhole blackhole) {
        LineFramer framer = new LineFramer(512);
        framer.feed(stream, frame -> blackhole.consume(parser.parse(((LineFramer.Frame.Line) frame).text())));
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void frameParseAndEncodeEvent(Blackhole blackhole) {
        LineFramer framer = new LineFramer(512);
        framer.feed(stream, frame -> {
            AvayaParseResult result = parser.parse(((LineFramer.Frame.Line) frame).text());
            CallEvent event = AvayaCallEvents.toCallEnded(((AvayaParseResult.Parsed) result).record(), "avaya");
            blackhole.consume(codec.write(event));
        });
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void naiveSplitAndFormatterPerLine(Blackhole blackhole) {
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            LocalDateTime end = LocalDateTime.parse(fields[0] + fields[1], DateTimeFormatter.ofPattern("ddMMyyHHmm"));
            int hms = Integer.parseInt(fields[2]);
            long duration = hms / 10000 * 3600L + hms / 100 % 100 * 60L + hms % 100;
            String id = UUID.nameUUIDFromBytes(line.getBytes(StandardCharsets.UTF_8)).toString();
            blackhole.consume(end.toInstant(ZoneOffset.UTC).minusSeconds(duration));
            blackhole.consume(id);
            blackhole.consume(fields[3] + fields[4] + fields[5]);
        }
    }
}
