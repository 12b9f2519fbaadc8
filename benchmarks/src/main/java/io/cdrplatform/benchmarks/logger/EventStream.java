package io.cdrplatform.benchmarks.logger;

import io.cdrplatform.core.event.Action;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A steady stream of call events as a contact centre sends them: {@code concurrentCalls} calls in
 * progress at any time, each going through its own lifecycle (start, maybe answer, key presses, an
 * action, an end; some PBX calls report only their end), their events interleaved. A batch of
 * consecutive events therefore touches mostly different calls, many of them already stored.
 * Deterministic for a seed.
 */
final class EventStream {
    private static final String[] CAMPAIGNS = {"spring-sale", "renewals", "survey-q2", "win-back"};
    private static final Outcome[] ANSWERED_ENDS = {Outcome.ANSWERED, Outcome.CONVERTED, Outcome.OPTED_OUT, Outcome.VOICEMAIL};
    private static final Outcome[] UNANSWERED_ENDS = {Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED, Outcome.VOICEMAIL};

    private final Random random;
    private final List<Deque<CallEvent>> active = new ArrayList<>();
    private Instant clock = Instant.parse("2024-06-03T08:00:00Z");
    private long calls;

    EventStream(long seed, int concurrentCalls) {
        this.random = new Random(seed);
        for (int i = 0; i < concurrentCalls; i++) {
            active.add(newCall());
        }
    }

    List<CallEvent> next(int count) {
        List<CallEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int slot = random.nextInt(active.size());
            Deque<CallEvent> call = active.get(slot);
            events.add(call.pollFirst());
            if (call.isEmpty()) {
                active.set(slot, newCall());
            }
        }
        return events;
    }

    private Deque<CallEvent> newCall() {
        String callId = "call-" + Long.toString(calls++, 36) + "-" + Integer.toString(random.nextInt(1 << 30), 36);
        String campaign = CAMPAIGNS[random.nextInt(CAMPAIGNS.length)];
        clock = clock.plusMillis(random.nextInt(50));
        Instant at = clock;
        Deque<CallEvent> events = new ArrayDeque<>();
        if (random.nextDouble() < 0.1) {
            long duration = random.nextInt(300);
            events.add(CallEvent.builder(callId, campaign, EventType.CALL_ENDED, at.plusSeconds(duration))
                    .outcome(duration > 0 ? Outcome.ANSWERED : Outcome.NO_ANSWER).durationSeconds(duration)
                    .phoneNumber(Integer.toString(2000 + random.nextInt(900))).source("avaya")
                    .metadata(Map.of("calledNumber", "2434", "callingNumber", "2432", "callCode", "0")).build());
            return events;
        }
        events.add(CallEvent.builder(callId, campaign, EventType.CALL_INITIATED, at)
                .contactId("contact-" + random.nextInt(1_000_000)).phoneNumber("+1555" + (1_000_000 + random.nextInt(8_999_999)))
                .source("asterisk").metadata(Map.of("list", "june", "attempt", (long) random.nextInt(3))).build());
        boolean answered = random.nextDouble() < 0.65;
        if (answered) {
            at = at.plusSeconds(3 + random.nextInt(20));
            events.add(CallEvent.builder(callId, campaign, EventType.CALL_ANSWERED, at).build());
            int presses = random.nextInt(3);
            for (int p = 0; p < presses; p++) {
                at = at.plusMillis(500 + random.nextInt(4000));
                events.add(CallEvent.builder(callId, campaign, EventType.DTMF_PRESSED, at)
                        .digit(Integer.toString(random.nextInt(10))).build());
            }
            if (random.nextDouble() < 0.3) {
                at = at.plusSeconds(2);
                events.add(CallEvent.builder(callId, campaign, EventType.ACTION_TRIGGERED, at)
                        .action(new Action(random.nextBoolean() ? "transfer" : "survey", Map.of("queue", "sales"))).build());
            }
        }
        at = at.plusSeconds(5 + random.nextInt(180));
        Outcome[] ends = answered ? ANSWERED_ENDS : UNANSWERED_ENDS;
        events.add(CallEvent.builder(callId, campaign, EventType.CALL_ENDED, at).outcome(ends[random.nextInt(ends.length)])
                .metadata(Map.of("hangup", "caller")).build());
        return events;
    }
}
