package io.cdrplatform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Files of the repository this module checks: template.yaml, Dockerfile, the root pom. */
final class Repository {

    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    private Repository() {
    }

    /** The repository root (the build passes it as {@code repository.root}; else the parent of the working directory). */
    static Path root() {
        String configured = System.getProperty("repository.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("template.yaml"))) {
            throw new IllegalStateException("no template.yaml under " + root + " (set -Drepository.root)");
        }
        return root;
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static CloudFormationTemplate template() {
        try {
            return CloudFormationTemplate.load(file("template.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile dockerfile() {
        try {
            return Dockerfile.load(file("Dockerfile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code <modules>} of the root pom.xml, in order. */
    static List<String> reactorModules() {
        try {
            Matcher module = MODULE.matcher(Files.readString(file("pom.xml")));
            List<String> modules = new ArrayList<>();
            while (module.find()) {
                modules.add(module.group(1));
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
