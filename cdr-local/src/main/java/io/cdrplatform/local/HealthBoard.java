package io.cdrplatform.local;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrplatform.query.http.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The health of each part of cdr-local, for {@code GET /health}: each component is {@code up},
 * {@code recovering} (cdr-local is bringing it back by itself: a child process being restarted,
 * counters being rebuilt) or {@code down} (it failed and is not coming back by itself), with the
 * last error it reported. Components either report their state ({@link #up}, {@link #recovering},
 * {@link #down}) or are probed when asked ({@link #probe}). Thread-safe.
 */
final class HealthBoard {

    enum Status {
        UP, RECOVERING, DOWN;

        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One component's state: since when, and the last error it had (kept after it recovered). */
    record Component(Status status, Instant since, String lastError, Instant lastErrorAt, long restarts) {
        Component {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(since, "since");
        }
    }

    /** A component whose state is computed when asked (an external store answering a ping, say). */
    interface Probe {
        /** The component's state now, with what is wrong unless it is up. */
        Report check();
    }

    /** What a probe found. */
    record Report(Status status, String error) {
        static final Report UP = new Report(Status.UP, null);

        static Report down(String error) {
            return new Report(Status.DOWN, error);
        }
    }

    private final Clock clock;
    private final Map<String, Component> components = new LinkedHashMap<>();
    private final Map<String, Probe> probes = new LinkedHashMap<>();

    HealthBoard(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    synchronized void up(String name) {
        Component now = components.get(name);
        if (now == null) {
            components.put(name, new Component(Status.UP, clock.instant(), null, null, 0));
        } else if (now.status() != Status.UP) {
            components.put(name, new Component(Status.UP, clock.instant(), now.lastError(), now.lastErrorAt(),
                    now.restarts()));
        }
    }

    synchronized void recovering(String name, String error) {
        change(name, Status.RECOVERING, error, 0);
    }

    synchronized void restarted(String name) {
        Component now = components.get(name);
        components.put(name, new Component(Status.UP, clock.instant(), now == null ? null : now.lastError(),
                now == null ? null : now.lastErrorAt(), (now == null ? 0 : now.restarts()) + 1));
    }

    synchronized void down(String name, String error) {
        change(name, Status.DOWN, error, 0);
    }

    synchronized void probe(String name, Probe probe) {
        probes.put(name, Objects.requireNonNull(probe, "probe"));
        components.putIfAbsent(name, new Component(Status.UP, clock.instant(), null, null, 0));
    }

    private void change(String name, Status status, String error, long extraRestarts) {
        Component now = components.get(name);
        Instant at = clock.instant();
        Instant since = now != null && now.status() == status ? now.since() : at;
        components.put(name, new Component(status, since, error == null && now != null ? now.lastError() : error,
                error == null && now != null ? now.lastErrorAt() : at,
                (now == null ? 0 : now.restarts()) + extraRestarts));
    }

    /** Every component as it is now (probes run first, outside the lock: they may wait on a network). */
    Map<String, Component> snapshot() {
        Map<String, Probe> toRun;
        synchronized (this) {
            toRun = new LinkedHashMap<>(probes);
        }
        toRun.forEach((name, probe) -> {
            Report report;
            try {
                report = probe.check();
            } catch (RuntimeException e) {
                report = Report.down(e.toString());
            }
            synchronized (this) {
                switch (report.status()) {
                    case UP -> up(name);
                    case RECOVERING -> recovering(name, report.error());
                    case DOWN -> down(name, report.error());
                }
            }
        });
        synchronized (this) {
            return new LinkedHashMap<>(components);
        }
    }

    /** {@code up} when every component is up; else {@code down} if any is down, else {@code recovering}. */
    static Status overall(Map<String, Component> components) {
        Status worst = Status.UP;
        for (Component component : components.values()) {
            if (component.status() == Status.DOWN) {
                return Status.DOWN;
            }
            if (component.status() == Status.RECOVERING) {
                worst = Status.RECOVERING;
            }
        }
        return worst;
    }

    /** The overall status and its JSON answer. */
    record Answer(Status status, String json) {
    }

    /**
     * Now: the overall status and {@code {"status": ..., "components": {name: {status, since,
     * lastError, lastErrorAt, restarts}}}}.
     */
    Answer answer() {
        Map<String, Component> now = snapshot();
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Json.generator(text)) {
            json.writeStartObject();
            json.writeStringField("status", overall(now).json());
            json.writeObjectFieldStart("components");
            for (Map.Entry<String, Component> entry : now.entrySet()) {
                Component component = entry.getValue();
                json.writeObjectFieldStart(entry.getKey());
                json.writeStringField("status", component.status().json());
                Json.writeInstantField(json, "since", component.since());
                json.writeStringField("lastError", component.lastError());
                Json.writeInstantField(json, "lastErrorAt", component.lastErrorAt());
                json.writeNumberField("restarts", component.restarts());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Answer(overall(now), text.toString());
    }
}
