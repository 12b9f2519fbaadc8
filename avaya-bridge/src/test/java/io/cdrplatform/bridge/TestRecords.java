package io.cdrplatform.bridge;

import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Distinct PBX lines in the seed layout, and their callIds. */
final class TestRecords {

    private static final AvayaRecordParser PARSER = new AvayaRecordParser(ZoneId.of("UTC"));

    private TestRecords() {
    }

    /** Record number {@code i}: ended 2025-09-17 15:47, duration i mod 10 h, calling number 100000+i. */
    static String line(int i) {
        int duration = i % 36_000;
        return String.format("170925 1547 %d%02d%02d                    2434 0                %d",
                duration / 3600, duration / 60 % 60, duration % 60, 100_000 + i);
    }

    static List<String> lines(int from, int to) {
        List<String> lines = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            lines.add(line(i));
        }
        return lines;
    }

    static String callId(String line) {
        return ((AvayaParseResult.Parsed) PARSER.parse(line)).record().callId();
    }

    static List<String> callIds(List<String> lines) {
        return lines.stream().map(TestRecords::callId).toList();
    }
}
