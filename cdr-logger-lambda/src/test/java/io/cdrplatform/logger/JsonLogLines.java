package io.cdrplatform.logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JSON log lines the tests' log4j2 configuration writes to {@code target/test-logs/cdr-logger.jsonl}. */
public final class JsonLogLines {
    private static final Path FILE = Path.of("target", "test-logs", "cdr-logger.jsonl");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLogLines() {
    }

    public static List<JsonNode> all() {
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(FILE)) {
                if (!line.isBlank()) {
                    lines.add(MAPPER.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
