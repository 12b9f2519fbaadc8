package io.cdrplatform.core.cdr;

import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the events of one call have said, kept so that merging is a join: associative,
 * commutative and idempotent. Folding a call's events in any order, with any duplicates, therefore
 * gives one and the same state, and the CDR ({@link #toCdr}) is a pure function of it.
 *
 * <p>Identity fields keep the earliest event's value, metadata keys the latest event's value
 * (ties broken by value, so the choice never depends on arrival order).
 *
 * @param firstEventAt the earliest timestamp of any event of the call
 * @param lastEventAt  the latest timestamp of any event of the call
 * @param initiatedAt  the earliest {@code call_initiated} timestamp, or null
 * @param answeredAt   the earliest {@code call_answered} timestamp, or null
 * @param end          the call's end, or null while it has not ended
 * @param dtmfPresses  distinct presses in pressed order (the earliest {@value #MAX_DTMF_PRESSES})
 * @param actions      distinct actions in time order (the earliest {@value #MAX_ACTIONS})
 * @param metadata     per key, the latest value (the first {@value #MAX_METADATA_KEYS} keys in key order)
 */
public record CallState(
        String callId,
        Stamped<String> campaignId,
        Stamped<String> contactId,
        Stamped<String> phoneNumber,
        Stamped<String> source,
        Instant firstEventAt,
        Instant lastEventAt,
        Instant initiatedAt,
        Instant answeredAt,
        EndReport end,
        List<DtmfPress> dtmfPresses,
        List<TriggeredAction> actions,
        Map<String, Stamped<Object>> metadata) {

    /** Bounds keep one call's document far below MongoDB's 16 MiB limit, whatever a sender does. */
    public static final int MAX_DTMF_PRESSES = 1000;
    public static final int MAX_ACTIONS = 1000;
    public static final int MAX_METADATA_KEYS = 256;

    public CallState {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(firstEventAt, "firstEventAt");
        Objects.requireNonNull(lastEventAt, "lastEventAt");
        dtmfPresses = sortedCapped(dtmfPresses, MAX_DTMF_PRESSES);
        actions = sortedCapped(actions, MAX_ACTIONS);
        metadata = cappedMetadata(metadata);
    }

    /** The state of a call of which only this event is known. */
    public static CallState of(CallEvent event) {
        Instant at = event.timestamp();
        EndReport end = event.type() == EventType.CALL_ENDED
                ? new EndReport(at, event.outcome(), event.startTime(), event.durationSeconds())
                : null;
        List<DtmfPress> dtmf = event.type() == EventType.DTMF_PRESSED
                ? List.of(new DtmfPress(event.digit(), at))
                : List.of();
        List<TriggeredAction> actions = event.type() == EventType.ACTION_TRIGGERED
                ? List.of(new TriggeredAction(event.action().type(), event.action().parameters(), at))
                : List.of();
        Map<String, Stamped<Object>> metadata = new TreeMap<>();
        event.metadata().forEach((key, value) -> metadata.put(key, new Stamped<>(value, at)));
        return new CallState(
                event.callId(),
                new Stamped<>(event.campaignId(), at),
                Stamped.of(event.contactId(), at),
                Stamped.of(event.phoneNumber(), at),
                Stamped.of(event.source(), at),
                at,
                at,
                event.type() == EventType.CALL_INITIATED ? at : null,
                event.type() == EventType.CALL_ANSWERED ? at : null,
                end,
                dtmf,
                actions,
                metadata);
    }

    /** The join of two states of the same call. */
    public CallState merge(CallState other) {
        if (!callId.equals(other.callId)) {
            throw new IllegalArgumentException("cannot merge call " + callId + " with call " + other.callId);
        }
        return new CallState(
                callId,
                Stamped.earliest(campaignId, other.campaignId),
                Stamped.earliest(contactId, other.contactId),
                Stamped.earliest(phoneNumber, other.phoneNumber),
                Stamped.earliest(source, other.source),
                min(firstEventAt, other.firstEventAt),
                max(lastEventAt, other.lastEventAt),
                min(initiatedAt, other.initiatedAt),
                min(answeredAt, other.answeredAt),
                EndReport.earliest(end, other.end),
                union(dtmfPresses, other.dtmfPresses),
                union(actions, other.actions),
                mergeMetadata(metadata, other.metadata));
    }

    public CallStatus status() {
        if (end != null) {
            return CallStatus.COMPLETED;
        }
        return answeredAt != null ? CallStatus.ANSWERED : CallStatus.DIALING;
    }

    /** Reached status answered: a {@code call_answered} event, or an end a person took. */
    public boolean reachedAnswered() {
        return answeredAt != null || (end != null && end.outcome().reachesAnswered());
    }

    /**
     * The earliest start known: the {@code call_initiated} timestamp, else the end's own
     * {@code startTime}, else the end minus its {@code duration}, else the first event seen.
     */
    public Instant startTime() {
        if (initiatedAt != null) {
            return initiatedAt;
        }
        if (end != null && end.reportedStart() != null) {
            return end.reportedStart();
        }
        if (end != null && end.reportedDuration() != null) {
            return end.endedAt().minusSeconds(end.reportedDuration());
        }
        return firstEventAt;
    }

    /** Whole seconds: the duration the end reported, else end minus start (never negative); null while the call goes on. */
    public Long durationSeconds() {
        if (end == null) {
            return null;
        }
        if (end.reportedDuration() != null) {
            return end.reportedDuration();
        }
        return Math.max(0, Duration.between(startTime(), end.endedAt()).getSeconds());
    }

    public Outcome outcome() {
        return end == null ? null : end.outcome();
    }

    public Instant endTime() {
        return end == null ? null : end.endedAt();
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static <T extends Comparable<T>> List<T> union(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<T> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static <T extends Comparable<T>> List<T> sortedCapped(List<T> items, int cap) {
        if (items == null || items.isEmpty()) {
            return List.of();
        }
        TreeSet<T> sorted = new TreeSet<>(items);
        List<T> kept = new ArrayList<>(Math.min(cap, sorted.size()));
        for (T item : sorted) {
            if (kept.size() == cap) {
                break;
            }
            kept.add(item);
        }
        return Collections.unmodifiableList(kept);
    }

    private static Map<String, Stamped<Object>> mergeMetadata(Map<String, Stamped<Object>> a,
                                                              Map<String, Stamped<Object>> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        TreeMap<String, Stamped<Object>> merged = new TreeMap<>(a);
        b.forEach((key, value) -> merged.merge(key, value, Stamped::latest));
        return merged;
    }

    private static Map<String, Stamped<Object>> cappedMetadata(Map<String, Stamped<Object>> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, Stamped<Object>> sorted = new TreeMap<>(metadata);
        while (sorted.size() > MAX_METADATA_KEYS) {
            sorted.pollLastEntry();
        }
        return Collections.unmodifiableMap(sorted);
    }
}
