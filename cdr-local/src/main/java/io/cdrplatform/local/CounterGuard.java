package io.cdrplatform.local;

import io.cdrplatform.logger.heal.CounterHeal;
import io.cdrplatform.store.redis.CountersMarker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cdr-local's counters heal themselves: every {@link #INTERVAL} (and at once when poked: after its
 * redis-server was restarted) the counters' marker is checked and, when it says they were lost, every
 * campaign's counters are rebuilt from MongoDB in-process ({@link CounterHeal}) while traffic goes on.
 * Component {@code counters} on {@code /health}: up when the marker says whole, recovering while they
 * are lost or being rebuilt, or cannot be checked (Redis unreachable), with why.
 */
final class CounterGuard implements AutoCloseable {

    static final String COMPONENT = "counters";
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(CounterGuard.class);

    private final CounterHeal heal;
    private final HealthBoard health;
    private final ScheduledExecutorService thread;

    private CounterGuard(CounterHeal heal, HealthBoard health) {
        this.heal = Objects.requireNonNull(heal, "heal");
        this.health = Objects.requireNonNull(health, "health");
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread named = new Thread(runnable, "counter-guard");
            named.setDaemon(true);
            return named;
        });
    }

    static CounterGuard start(CounterHeal heal, HealthBoard health) {
        CounterGuard guard = new CounterGuard(heal, health);
        health.up(COMPONENT);
        guard.thread.scheduleWithFixedDelay(guard::check, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return guard;
    }

    /**
     * The redis-server was restarted: what it had not yet written to its append-only file, and every
     * update tried while it was down, is missing; the counters are marked lost and rebuilt now.
     */
    void redisRestarted() {
        thread.execute(() -> {
            try {
                heal.markLost();
                LOG.atWarn().addKeyValue("component", COMPONENT)
                        .log("redis-server was restarted: counter updates may be missing; rebuilding the counters");
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("component", COMPONENT).log("could not mark the counters lost: {}", e.toString());
            }
            check();
        });
    }

    private void check() {
        try {
            CountersMarker.State found = heal.marker();
            switch (found) {
                case WHOLE -> health.up(COMPONENT);
                case REBUILDING -> health.recovering(COMPONENT, "being rebuilt from MongoDB (rebuild-counters)");
                case LOST -> {
                    health.recovering(COMPONENT, "Redis is empty or was replaced, or counter updates were lost "
                            + "(counters' marker absent): rebuilding from MongoDB");
                    CounterHeal.Check check = heal.checkAndHeal();
                    if (check.whole()) {
                        health.up(COMPONENT);
                    }
                }
            }
        } catch (RuntimeException e) {
            health.recovering(COMPONENT, "cannot check or rebuild the counters yet: " + e);
            LOG.atDebug().addKeyValue("component", COMPONENT).log("counter check failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
