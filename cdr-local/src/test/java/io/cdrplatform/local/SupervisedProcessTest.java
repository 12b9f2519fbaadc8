package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child process cdr-local supervises comes back after it dies, and says so on the health board. */
class SupervisedProcessTest {

    @TempDir
    Path dir;

    private final HealthBoard health = new HealthBoard(Clock.systemUTC());

    @Test
    void a_child_killed_with_sigkill_is_started_again_and_the_board_counts_the_restart() throws Exception {
        AtomicInteger restarts = new AtomicInteger();
        try (SupervisedProcess child = SupervisedProcess.start("child", List.of("sleep", "600"), started -> { },
                health, line -> { }, restarts::incrementAndGet)) {
            long first = child.pid();

            ProcessHandle.of(first).orElseThrow().destroyForcibly();

            await(() -> restarts.get() == 1 && child.pid() > 0);
            assertThat(child.pid()).isNotEqualTo(first);
            HealthBoard.Component component = health.snapshot().get("child");
            assertThat(component.status()).isEqualTo(HealthBoard.Status.UP);
            assertThat(component.restarts()).isEqualTo(1);
            assertThat(component.lastError()).contains("exited with status 137");
        }
    }

    @Test
    void a_child_that_cannot_come_back_is_retried_and_shown_recovering_until_it_does() throws Exception {
        Path broken = dir.resolve("broken");
        // exits at once while the file 'broken' exists, else runs
        List<String> command = List.of("sh", "-c", "if [ -e '" + broken + "' ]; then exit 3; fi; exec sleep 600");
        SupervisedProcess.Readiness stillAlive = started -> {
            Thread.sleep(100);
            if (!started.isAlive()) {
                throw new IllegalStateException("exited with status " + started.exitValue());
            }
        };
        try (SupervisedProcess child = SupervisedProcess.start("child", command, stillAlive, health, line -> { },
                () -> { })) {
            Files.createFile(broken);
            ProcessHandle.of(child.pid()).orElseThrow().destroyForcibly();

            await(() -> {
                String error = health.snapshot().get("child").lastError();
                return error != null && error.startsWith("restart attempt 2 failed");
            });
            assertThat(HealthBoard.overall(health.snapshot())).isEqualTo(HealthBoard.Status.RECOVERING);
            assertThat(health.answer().json()).contains("\"status\":\"recovering\"");

            Files.delete(broken);
            await(() -> health.snapshot().get("child").status() == HealthBoard.Status.UP);
            assertThat(health.snapshot().get("child").restarts()).isEqualTo(1);
            assertThat(child.pid()).isPositive();
        }
    }

    @Test
    void a_child_stopped_by_close_is_not_started_again() throws Exception {
        AtomicInteger restarts = new AtomicInteger();
        SupervisedProcess child = SupervisedProcess.start("child", List.of("sleep", "600"), started -> { }, health,
                line -> { }, restarts::incrementAndGet);
        ProcessHandle handle = ProcessHandle.of(child.pid()).orElseThrow();

        child.close();

        assertThat(handle.isAlive()).isFalse();
        assertThat(child.pid()).isEqualTo(-1);
        assertThat(restarts).hasValue(0);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
