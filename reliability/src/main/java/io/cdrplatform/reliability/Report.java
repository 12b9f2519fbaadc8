package io.cdrplatform.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one run, printed as they come and written to
 * {@code <reliability.reports>/<name>.md} (the build sets {@code target/reliability}) for RELIABILITY.md.
 */
public final class Report {

    private final Path file;
    private final List<String> lines = new ArrayList<>();

    public Report(String name) {
        this.file = Path.of(System.getProperty("reliability.reports", "target/reliability")).resolve(name + ".md");
    }

    public Report line(String format, Object... args) {
        String line = args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args);
        System.out.println("[reliability] " + line);
        lines.add(line);
        return this;
    }

    public void write() {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh file beside the report for this run's evidence (process logs, command output). */
    public Path artifact(String fileName) {
        Path artifact = file.getParent().resolve(file.getFileName().toString().replace(".md", "") + "-" + fileName);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(artifact);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return artifact;
    }

    public Path file() {
        return file;
    }
}
