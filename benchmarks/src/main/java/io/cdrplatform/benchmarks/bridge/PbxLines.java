package io.cdrplatform.benchmarks.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Distinct PBX lines in the seed layout, as the bytes a PBX sends (CR LF after each). */
final class PbxLines {

    private PbxLines() {
    }

    static String line(int i) {
        int duration = i % 36_000;
        int day = 1 + i / 1_000_000 % 28;
        return String.format("%02d0925 1547 %d%02d%02d                    2434 0                %d", day,
                duration / 3600, duration / 60 % 60, duration % 60, 1_000_000 + i % 1_000_000);
    }

    static byte[] stream(int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((to - from) * 70);
        for (int i = from; i < to; i++) {
            out.writeBytes((line(i) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }
}
