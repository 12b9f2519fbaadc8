package io.cdrplatform.deployment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Dockerfile that decide what a container runs: its stages, and per stage the
 * effective ENTRYPOINT, CMD, ENV and USER (inherited from the stage it is built {@code FROM}, with
 * Docker's rule that a stage setting ENTRYPOINT drops the CMD it inherited).
 */
final class Dockerfile {

    /** One instruction after line continuations are joined and comments dropped. */
    record Instruction(String keyword, String arguments) {
    }

    /** One {@code FROM ... AS name} stage. */
    record Stage(String name, String base, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S*)");

    private final Map<String, Stage> stages;

    private Dockerfile(Map<String, Stage> stages) {
        this.stages = stages;
    }

    static Dockerfile load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static Dockerfile parse(String text) {
        Map<String, Stage> stages = new LinkedHashMap<>();
        List<Instruction> current = null;
        StringBuilder pending = new StringBuilder();
        for (String line : text.split("\\R", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue; // comments (also between continued lines) and blank lines
            }
            if (trimmed.endsWith("\\")) {
                // whitespace runs at a line break count as one space (arguments are split on whitespace anyway)
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                pending.setLength(pending.toString().stripTrailing().length());
                pending.append(' ');
                continue;
            }
            pending.append(trimmed);
            String joined = pending.toString().strip();
            pending.setLength(0);
            if (joined.isEmpty()) {
                continue;
            }
            String[] parts = joined.split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
            if (instruction.keyword().equals("FROM")) {
                Matcher from = FROM.matcher(instruction.arguments());
                if (!from.matches()) {
                    throw new IllegalArgumentException("FROM not understood: " + joined);
                }
                String name = from.group(2) != null ? from.group(2) : "stage-" + stages.size();
                current = new ArrayList<>();
                stages.put(name, new Stage(name, from.group(1), current));
            } else if (current == null) {
                throw new IllegalArgumentException("instruction before the first FROM: " + joined);
            } else {
                current.add(instruction);
            }
        }
        return new Dockerfile(stages);
    }

    Map<String, Stage> stages() {
        return stages;
    }

    Stage stage(String name) {
        Stage stage = stages.get(name);
        if (stage == null) {
            throw new AssertionError("Dockerfile has no stage (build target) " + name + "; it has " + stages.keySet());
        }
        return stage;
    }

    /** The base image or stage of a stage. */
    Optional<Stage> parent(Stage stage) {
        return Optional.ofNullable(stages.get(stage.base()));
    }

    /** ENTRYPOINT in effect in a stage (exec form as given; shell form as {@code /bin/sh -c ...}). */
    List<String> entrypoint(String stageName) {
        for (Stage stage = stage(stageName); stage != null; stage = parent(stage).orElse(null)) {
            List<Instruction> set = stage.all("ENTRYPOINT");
            if (!set.isEmpty()) {
                return command(set.get(set.size() - 1));
            }
        }
        return List.of();
    }

    /** CMD in effect in a stage: a stage that sets ENTRYPOINT drops the CMD of the stage it builds on. */
    List<String> cmd(String stageName) {
        for (Stage stage = stage(stageName); stage != null; stage = parent(stage).orElse(null)) {
            List<Instruction> set = stage.all("CMD");
            if (!set.isEmpty()) {
                return command(set.get(set.size() - 1));
            }
            if (!stage.all("ENTRYPOINT").isEmpty()) {
                return List.of();
            }
        }
        return List.of();
    }

    /** ENTRYPOINT followed by CMD: the process the container starts. */
    List<String> entryCommand(String stageName) {
        List<String> command = new ArrayList<>(entrypoint(stageName));
        command.addAll(cmd(stageName));
        return command;
    }

    /** ENV in effect in a stage (the stages it builds on first). */
    Map<String, String> env(String stageName) {
        List<Stage> chain = new ArrayList<>();
        for (Stage stage = stage(stageName); stage != null; stage = parent(stage).orElse(null)) {
            chain.add(0, stage);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Stage stage : chain) {
            for (Instruction instruction : stage.all("ENV")) {
                Matcher pair = ENV_PAIR.matcher(instruction.arguments());
                boolean any = false;
                while (pair.find()) {
                    any = true;
                    env.put(pair.group(1), unquote(pair.group(2)));
                }
                if (!any) { // legacy form: ENV KEY value with spaces
                    String[] parts = instruction.arguments().split("\\s+", 2);
                    env.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
        }
        return env;
    }

    /** USER in effect in a stage, or empty (root). */
    Optional<String> user(String stageName) {
        for (Stage stage = stage(stageName); stage != null; stage = parent(stage).orElse(null)) {
            List<Instruction> set = stage.all("USER");
            if (!set.isEmpty()) {
                return Optional.of(set.get(set.size() - 1).arguments());
            }
        }
        return Optional.empty();
    }

    private static List<String> command(Instruction instruction) {
        String arguments = instruction.arguments();
        if (arguments.startsWith("[")) {
            try {
                return JSON.readValue(arguments, new TypeReference<List<String>>() { });
            } catch (IOException e) {
                throw new IllegalArgumentException(instruction.keyword() + " is not a JSON array: " + arguments, e);
            }
        }
        return List.of("/bin/sh", "-c", arguments);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
