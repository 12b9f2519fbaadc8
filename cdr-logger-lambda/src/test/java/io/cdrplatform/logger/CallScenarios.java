package io.cdrplatform.logger;

import io.cdrplatform.core.event.Action;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Random calls of every kind (dialer calls with every event type and outcome, PBX calls that only
 * report their end, calls still going on, calls with two different ends), with what the contract
 * says their counters must be, worked out independently of the logger's code.
 */
public final class CallScenarios {
    private static final String[] CAMPAIGNS = {"camp-a", "camp-b", "camp-c"};
    private static final String[] ACTIONS = {"transfer", "survey", "callback"};
    private static final String[] DIGITS = {"0", "1", "2", "5", "9", "*", "#", "A", "D"};
    private static final Instant EPOCH = Instant.parse("2024-03-01T09:00:00Z");
    private static final CallEventCodec CODEC = new CallEventCodec();

    /** One event as sent: its JSON text and timestamp. */
    public record SentEvent(String callId, Instant timestamp, String json) {
    }

    private final List<SentEvent> events = new ArrayList<>();
    private final Map<String, Map<String, Long>> expectedCounters = new TreeMap<>();
    private final Map<String, Long> lastActivity = new TreeMap<>();

    public static CallScenarios generate(Random random, int calls, String prefix) {
        CallScenarios scenarios = new CallScenarios();
        for (int i = 0; i < calls; i++) {
            scenarios.call(random, prefix + "-" + i);
        }
        return scenarios;
    }

    public List<SentEvent> events() {
        return List.copyOf(events);
    }

    /** Every event once, in timestamp order (ties: as generated). */
    public List<String> inOrder() {
        List<SentEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(SentEvent::timestamp));
        return sorted.stream().map(SentEvent::json).toList();
    }

    /** Every event, plus {@code duplicateShare} of them again, shuffled. */
    public List<String> shuffledWithDuplicates(Random random, double duplicateShare) {
        List<String> all = new ArrayList<>(events.stream().map(SentEvent::json).toList());
        int duplicates = (int) Math.round(events.size() * duplicateShare);
        for (int i = 0; i < duplicates; i++) {
            all.add(events.get(random.nextInt(events.size())).json());
        }
        java.util.Collections.shuffle(all, random);
        return all;
    }

    /** The contract's counters for these calls, as the non-zero Redis keys and values. */
    public Map<String, String> expectedCounters() {
        Map<String, String> keys = new TreeMap<>();
        expectedCounters.forEach((campaign, counters) -> counters.forEach((suffix, value) -> {
            if (value != 0) {
                keys.put("campaign:" + campaign + ":" + suffix, Long.toString(value));
            }
        }));
        lastActivity.forEach((campaign, millis) -> keys.put("campaign:" + campaign + ":last_activity", Long.toString(millis)));
        return keys;
    }

    /** The campaign index {@code campaigns:last_activity}: each campaign and its newest event (epoch ms). */
    public Map<String, String> expectedCampaignIndex() {
        Map<String, String> entries = new TreeMap<>();
        lastActivity.forEach((campaign, millis) -> entries.put(campaign, Long.toString(millis)));
        return entries;
    }

    /**
     * Each campaign's action-type index ({@code campaign:<id>:action_types}): the complete-marker and
     * every action type that has a counter.
     */
    public Map<String, Set<String>> expectedActionTypeIndexes() {
        Map<String, Set<String>> sets = new TreeMap<>();
        expectedCounters.forEach((campaign, counters) -> {
            Set<String> members = new TreeSet<>(Set.of(":complete"));
            counters.keySet().stream().filter(suffix -> suffix.startsWith("action:"))
                    .forEach(suffix -> members.add(suffix.substring("action:".length())));
            sets.put("campaign:" + campaign + ":action_types", members);
        });
        return sets;
    }

    private void call(Random random, String callId) {
        String campaign = CAMPAIGNS[random.nextInt(CAMPAIGNS.length)];
        Instant start = EPOCH.plusSeconds(random.nextInt(3600)).plusMillis(random.nextInt(1000));
        List<CallEvent> callEvents = new ArrayList<>();
        boolean answered = false;
        Outcome outcome = null;
        Set<String> actionTypes = new TreeSet<>();
        double kind = random.nextDouble();
        if (kind < 0.15) {
            // A PBX record: only the end, with the start or the duration it measured.
            outcome = random.nextBoolean() ? Outcome.ANSWERED : Outcome.NO_ANSWER;
            long duration = outcome == Outcome.ANSWERED ? 1 + random.nextInt(600) : 0;
            CallEvent.Builder end = CallEvent.builder(callId, campaign, EventType.CALL_ENDED, start.plusSeconds(duration))
                    .outcome(outcome).source("avaya").phoneNumber(Integer.toString(2000 + random.nextInt(999)))
                    .metadata(Map.of("callCode", Integer.toString(random.nextInt(10)), "rawLine", "line " + callId));
            if (random.nextBoolean()) {
                end.durationSeconds(duration);
            } else {
                end.startTime(start);
            }
            callEvents.add(end.build());
        } else {
            callEvents.add(CallEvent.builder(callId, campaign, EventType.CALL_INITIATED, start)
                    .contactId("contact-" + random.nextInt(100)).phoneNumber("+1555" + (1000000 + random.nextInt(8999999)))
                    .source("asterisk").metadata(Map.of("attempt", (long) random.nextInt(3), "list", "spring")).build());
            Instant at = start;
            if (random.nextDouble() < 0.6) {
                answered = true;
                at = at.plusSeconds(1 + random.nextInt(20));
                callEvents.add(CallEvent.builder(callId, campaign, EventType.CALL_ANSWERED, at).build());
                int presses = random.nextInt(4);
                for (int p = 0; p < presses; p++) {
                    at = at.plusMillis(200 + random.nextInt(3000)).plusNanos(random.nextInt(1000) * 1000L);
                    callEvents.add(CallEvent.builder(callId, campaign, EventType.DTMF_PRESSED, at)
                            .digit(DIGITS[random.nextInt(DIGITS.length)]).build());
                }
            }
            int actions = random.nextInt(3);
            for (int a = 0; a < actions; a++) {
                at = at.plusSeconds(1 + random.nextInt(5));
                String type = ACTIONS[random.nextInt(ACTIONS.length)];
                actionTypes.add(type);
                callEvents.add(CallEvent.builder(callId, campaign, EventType.ACTION_TRIGGERED, at)
                        .action(new Action(type, Map.of("step", (long) a, "note", "n" + random.nextInt(5))))
                        .metadata(Map.of("list", random.nextBoolean() ? "spring" : "summer")).build());
            }
            if (random.nextDouble() < 0.85) {
                Outcome[] choices = answered
                        ? new Outcome[] {Outcome.ANSWERED, Outcome.CONVERTED, Outcome.OPTED_OUT, Outcome.VOICEMAIL, Outcome.FAILED}
                        : new Outcome[] {Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED, Outcome.VOICEMAIL, Outcome.ANSWERED};
                outcome = choices[random.nextInt(choices.length)];
                at = at.plusSeconds(random.nextInt(120));
                CallEvent.Builder end = CallEvent.builder(callId, campaign, EventType.CALL_ENDED, at).outcome(outcome)
                        .metadata(Map.of("hangup", random.nextBoolean() ? "caller" : "agent"));
                if (random.nextBoolean()) {
                    end.durationSeconds(at.getEpochSecond() - start.getEpochSecond());
                }
                callEvents.add(end.build());
                if (random.nextDouble() < 0.05) {
                    // A second, later end with another outcome: the earliest end is the call's end.
                    Outcome other = Outcome.values()[random.nextInt(Outcome.values().length)];
                    callEvents.add(CallEvent.builder(callId, campaign, EventType.CALL_ENDED, at.plusSeconds(5))
                            .outcome(other).build());
                }
            }
        }
        Map<String, Long> counters = expectedCounters.computeIfAbsent(campaign, c -> new TreeMap<>());
        counters.merge("total_attempts", 1L, Long::sum);
        if (outcome == null) {
            counters.merge("active_calls", 1L, Long::sum);
        } else if (outcome != Outcome.ANSWERED) {
            // the outcome "answered" has no key of its own: it is the answered counter below
            counters.merge(outcome.wireName(), 1L, Long::sum);
        }
        if (answered || (outcome != null && outcome.reachesAnswered())) {
            counters.merge("answered", 1L, Long::sum);
        }
        for (String type : actionTypes) {
            counters.merge("action:" + type, 1L, Long::sum);
        }
        for (CallEvent event : callEvents) {
            events.add(new SentEvent(callId, event.timestamp(), CODEC.write(event)));
            lastActivity.merge(campaign, event.timestamp().toEpochMilli(), Math::max);
        }
    }
}
