package io.cdrplatform.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No two production classes of the reactor share a simple name: a name says what a class does, so
 * two classes doing different jobs under one name (two {@code Config}, two {@code SnsEnvelope}, as
 * there were) make every stack trace, log line and import ambiguous. Reads every module's
 * {@code src/main/java} (top-level types, one per file); test sources may repeat names.
 */
class ProductionClassNamesTest {

    @Test
    void noTwoProductionClassesShareASimpleName() {
        Map<String, List<String>> byName = classesByName(Repository.root(), Repository.reactorModules());

        assertThat(byName).as("the production classes found").hasSizeGreaterThan(100);
        Map<String, List<String>> shared = new TreeMap<>();
        byName.forEach((name, files) -> {
            if (files.size() > 1) {
                shared.put(name, files);
            }
        });
        assertThat(shared).as("simple names used by more than one production class (rename them for what they do)")
                .isEmpty();
    }

    @Test
    void aNameUsedTwiceIsFound(@TempDir Path root) throws IOException {
        // given two modules with a class of the same name, in other packages
        write(root.resolve("a/src/main/java/x/a/Settings.java"));
        write(root.resolve("b/src/main/java/x/b/Settings.java"));
        write(root.resolve("b/src/main/java/x/b/Other.java"));
        write(root.resolve("b/src/test/java/x/b/Other.java"));

        // when
        Map<String, List<String>> byName = classesByName(root, List.of("a", "b"));

        // then
        assertThat(byName.get("Settings")).containsExactly("a/src/main/java/x/a/Settings.java",
                "b/src/main/java/x/b/Settings.java");
        assertThat(byName.get("Other")).containsExactly("b/src/main/java/x/b/Other.java");
    }

    /** Each simple name and the files (relative to {@code root}) that declare a top-level type of that name. */
    static Map<String, List<String>> classesByName(Path root, List<String> modules) {
        Map<String, List<String>> byName = new TreeMap<>();
        for (String module : modules) {
            Path sources = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(Files::isRegularFile)
                        .map(file -> root.relativize(file).toString().replace('\\', '/'))
                        .filter(file -> file.endsWith(".java"))
                        .sorted()
                        .forEach(file -> {
                            String name = file.substring(file.lastIndexOf('/') + 1, file.length() - ".java".length());
                            if (!name.equals("package-info") && !name.equals("module-info")) {
                                byName.computeIfAbsent(name, key -> new ArrayList<>()).add(file);
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return byName;
    }

    private static void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "// a class\n");
    }
}
