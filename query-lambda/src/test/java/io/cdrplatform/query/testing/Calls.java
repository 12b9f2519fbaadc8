package io.cdrplatform.query.testing;

import io.cdrplatform.core.event.Action;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The events of typical calls, for building test data with {@link LoggerStyleDocuments}. */
public final class Calls {

    private Calls() {
    }

    /** A call that is still ringing. */
    public static List<CallEvent> dialing(String callId, String campaignId, Instant start) {
        return List.of(CallEvent.builder(callId, campaignId, EventType.CALL_INITIATED, start)
                .phoneNumber("+15550100").contactId("contact-" + callId).source("asterisk").build());
    }

    /** A call that was answered {@code answerAfter} seconds after start and goes on. */
    public static List<CallEvent> inProgress(String callId, String campaignId, Instant start, long answerAfter) {
        List<CallEvent> events = new ArrayList<>(dialing(callId, campaignId, start));
        events.add(CallEvent.builder(callId, campaignId, EventType.CALL_ANSWERED, start.plusSeconds(answerAfter)).build());
        return events;
    }

    /** A call that ended with {@code outcome} after {@code duration} seconds (answered 5 s in when a person took it). */
    public static List<CallEvent> ended(String callId, String campaignId, Instant start, long duration, Outcome outcome) {
        return ended(callId, campaignId, start, duration, outcome, Map.of());
    }

    public static List<CallEvent> ended(String callId, String campaignId, Instant start, long duration, Outcome outcome,
                                        Map<String, Object> metadata) {
        List<CallEvent> events = new ArrayList<>(dialing(callId, campaignId, start));
        if (outcome.reachesAnswered() && duration >= 5) {
            events.add(CallEvent.builder(callId, campaignId, EventType.CALL_ANSWERED, start.plusSeconds(5)).build());
        }
        events.add(CallEvent.builder(callId, campaignId, EventType.CALL_ENDED, start.plusSeconds(duration))
                .outcome(outcome).durationSeconds(duration).metadata(metadata).build());
        return events;
    }

    /** Adds DTMF presses and an action to a call's events. */
    public static List<CallEvent> withIvr(List<CallEvent> events, String digits, String actionType, Map<String, Object> parameters) {
        CallEvent first = events.get(0);
        List<CallEvent> all = new ArrayList<>(events);
        Instant at = first.timestamp().plusSeconds(6);
        for (int i = 0; i < digits.length(); i++) {
            all.add(CallEvent.builder(first.callId(), first.campaignId(), EventType.DTMF_PRESSED, at.plusMillis(100L * i))
                    .digit(String.valueOf(digits.charAt(i))).build());
        }
        all.add(CallEvent.builder(first.callId(), first.campaignId(), EventType.ACTION_TRIGGERED, at.plusSeconds(1))
                .action(new Action(actionType, parameters)).build());
        return all;
    }
}
