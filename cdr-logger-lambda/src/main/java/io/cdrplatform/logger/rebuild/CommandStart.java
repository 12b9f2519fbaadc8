package io.cdrplatform.logger.rebuild;

import io.cdrplatform.logger.LoggerConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How the logger jar's commands ({@code rebuild-counters}, {@code rebuild-stats}) start: their
 * arguments read (a usage error is exit status 2), {@code --help} answered (0), the logger's
 * settings read from the environment (an error is 2). Either the arguments and settings to run
 * with, or the exit status to stop with.
 */
record CommandStart<A>(A arguments, LoggerConfig config, int exitStatus) {

    boolean proceeds() {
        return arguments != null;
    }

    static <A> CommandStart<A> of(String name, String usage, String[] args, Map<String, String> env, PrintStream out,
                                  PrintStream err, Function<List<String>, A> parse, Predicate<A> help) {
        A arguments;
        try {
            arguments = parse.apply(List.of(args));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(usage);
            return new CommandStart<>(null, null, 2);
        }
        if (help.test(arguments)) {
            out.println(usage);
            return new CommandStart<>(null, null, 0);
        }
        try {
            return new CommandStart<>(arguments, LoggerConfig.fromEnv(env), 0);
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            return new CommandStart<>(null, null, 2);
        }
    }
}
