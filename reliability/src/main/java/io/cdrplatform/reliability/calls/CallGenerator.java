package io.cdrplatform.reliability.calls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrplatform.reliability.calls.GeneratedEvent.EventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic call lives covering every event type and outcome (seeded, so a failure can be
 * replayed): answered calls ending answered / converted / opted out with key presses and actions,
 * unanswered calls ending no answer / busy / failed / voicemail, answering machines (answered, then
 * voicemail), calls still ringing or talking, PBX-style calls known only from their end, and calls
 * whose {@code call_initiated} never came. Start times spread over one UTC day, with milliseconds.
 */
public final class CallGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGITS = "0123456789*#ABCD";
    private static final String[] ACTION_TYPES = {"transfer", "send_sms", "schedule_callback", "tag_lead"};
    private static final String[] ANSWERED_OUTCOMES = {"answered", "answered", "converted", "converted", "opted_out"};
    private static final String[] UNANSWERED_OUTCOMES = {"no_answer", "busy", "failed", "voicemail"};

    private final Random random;
    private final Instant day;
    private final String callIdPrefix;

    /**
     * @param day          midnight UTC of the day the calls start on
     * @param callIdPrefix makes call ids unique per run, e.g. {@code load-}
     */
    public CallGenerator(long seed, Instant day, String callIdPrefix) {
        this.random = new Random(seed);
        this.day = day;
        this.callIdPrefix = callIdPrefix;
    }

    public List<GeneratedCall> generate(int calls, List<String> campaigns) {
        List<GeneratedCall> result = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            result.add(call(callIdPrefix + i, campaigns.get(i % campaigns.size())));
        }
        return result;
    }

    private GeneratedCall call(String callId, String campaignId) {
        // a start anywhere in the day, leaving two hours for the call to end the same day
        Instant start = day.plusMillis(random.nextInt(22 * 3600) * 1000L + (random.nextBoolean() ? random.nextInt(1000) : 0));
        Builder call = new Builder(callId, campaignId);
        int roll = random.nextInt(100);
        if (roll < 30) {
            return answeredAndEnded(call, start, pick(ANSWERED_OUTCOMES));
        } else if (roll < 55) {
            return unanswered(call, start);
        } else if (roll < 62) {
            return answeredAndEnded(call.scenario("answering machine"), start, "voicemail");
        } else if (roll < 72) {
            call.scenario("ringing");
            call.initiated(start);
            return call.build();
        } else if (roll < 82) {
            return talking(call, start);
        } else if (roll < 92) {
            return pbxEndOnly(call, start);
        } else {
            return withoutInitiated(call, start);
        }
    }

    private GeneratedCall answeredAndEnded(Builder call, Instant start, String outcome) {
        if (call.scenario == null) {
            call.scenario("answered, ended " + outcome);
        }
        call.initiated(start);
        Instant answered = start.plusMillis(2000 + random.nextInt(28_000));
        call.answered(answered);
        Instant last = pressesAndActions(call, answered, random.nextInt(5), random.nextInt(3));
        Instant end = last.plusMillis(1000 + random.nextInt(900_000));
        // half give the talk time as duration (which then wins over end - start), half give none
        Long duration = random.nextBoolean() ? (end.toEpochMilli() - answered.toEpochMilli()) / 1000 : null;
        call.ended(end, outcome, null, duration, endMetadata());
        return call.build();
    }

    private GeneratedCall unanswered(Builder call, Instant start) {
        String outcome = pick(UNANSWERED_OUTCOMES);
        call.scenario("unanswered, ended " + outcome);
        call.initiated(start);
        Instant end = start.plusMillis(3000 + random.nextInt(42_000));
        Long duration = random.nextInt(3) == 0 ? 0L : null;
        call.ended(end, outcome, null, duration, endMetadata());
        return call.build();
    }

    private GeneratedCall talking(Builder call, Instant start) {
        call.scenario("talking");
        call.initiated(start);
        Instant answered = start.plusMillis(2000 + random.nextInt(20_000));
        call.answered(answered);
        pressesAndActions(call, answered, random.nextInt(3), random.nextInt(2));
        return call.build();
    }

    private GeneratedCall pbxEndOnly(Builder call, Instant start) {
        long duration = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3600);
        Instant end = start.plusSeconds(duration);
        String outcome = duration > 0 ? "answered" : "no_answer";
        boolean withStart = random.nextBoolean();
        call.scenario("PBX end only" + (withStart ? ", with startTime" : ""));
        ObjectNode metadata = JSON.createObjectNode().put("trunk", "T" + random.nextInt(8));
        call.source = "avaya";
        call.phoneNumber = phoneNumber();
        call.ended(end, outcome, withStart ? start : null, duration, metadata);
        return call.build();
    }

    private GeneratedCall withoutInitiated(Builder call, Instant start) {
        call.scenario("no call_initiated");
        Instant answered = start.plusMillis(1000 + random.nextInt(10_000));
        call.phoneNumber = phoneNumber();
        call.answered(answered);
        Instant end = answered.plusMillis(1000 + random.nextInt(300_000));
        long duration = (end.toEpochMilli() - start.toEpochMilli()) / 1000;
        call.ended(end, random.nextBoolean() ? "answered" : "converted", null, duration, null);
        return call.build();
    }

    /** Key presses and actions after the answer, at distinct instants; returns the last instant used. */
    private Instant pressesAndActions(Builder call, Instant after, int presses, int actions) {
        Instant at = after;
        for (int i = 0; i < presses; i++) {
            at = at.plusMillis(300 + random.nextInt(3000));
            call.dtmf(at, String.valueOf(DIGITS.charAt(random.nextInt(DIGITS.length()))));
        }
        for (int i = 0; i < actions; i++) {
            at = at.plusMillis(500 + random.nextInt(5000));
            ObjectNode parameters = JSON.createObjectNode();
            if (random.nextBoolean()) {
                parameters.put("target", phoneNumber()).put("attempt", i + 1);
            }
            call.action(at, pick(ACTION_TYPES), parameters);
        }
        return at;
    }

    private ObjectNode endMetadata() {
        return random.nextInt(3) == 0 ? JSON.createObjectNode().put("hangupCause", "normal_clearing") : null;
    }

    private String phoneNumber() {
        return "+1" + (2_000_000_000L + random.nextInt(1_000_000_000));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Collects one call's events; every event of the call repeats its campaign (and source, if any). */
    private final class Builder {
        private final String callId;
        private final String campaignId;
        private final List<GeneratedEvent> events = new ArrayList<>();
        private String scenario;
        private String source;
        private String phoneNumber;

        Builder(String callId, String campaignId) {
            this.callId = callId;
            this.campaignId = campaignId;
            this.source = random.nextBoolean() ? "asterisk" : null;
        }

        Builder scenario(String name) {
            this.scenario = name;
            return this;
        }

        void initiated(Instant at) {
            phoneNumber = phoneNumber();
            String contactId = "contact-" + random.nextInt(1_000_000);
            ObjectNode metadata = JSON.createObjectNode()
                    .put("agent", "agent-" + random.nextInt(40))
                    .put("attempt", 1 + random.nextInt(3))
                    .put("priority", random.nextBoolean());
            if (random.nextBoolean()) {
                metadata.putArray("tags").add("spring").add("retry");
                metadata.putObject("crm").put("leadId", "L-" + random.nextInt(100_000)).put("score", 0.25 * random.nextInt(5));
                metadata.put("note", "naïve café\tline two\nend");
            }
            add(EventKind.INITIATED, at, null, null, null, null, null, null, contactId, phoneNumber, metadata);
        }

        void answered(Instant at) {
            add(EventKind.ANSWERED, at, null, null, null, null, null, null, null, null, null);
        }

        void dtmf(Instant at, String digit) {
            add(EventKind.DTMF, at, digit, null, null, null, null, null, null, null, null);
        }

        void action(Instant at, String type, ObjectNode parameters) {
            add(EventKind.ACTION, at, null, type, parameters, null, null, null, null, null, null);
        }

        void ended(Instant at, String outcome, Instant startTime, Long duration, ObjectNode metadata) {
            boolean firstEvent = events.isEmpty();
            add(EventKind.ENDED, at, null, null, null, outcome, startTime, duration, null,
                    firstEvent ? phoneNumber : null, metadata);
        }

        private void add(EventKind kind, Instant at, String digit, String actionType, ObjectNode parameters,
                String outcome, Instant startTime, Long duration, String contactId, String phone, ObjectNode metadata) {
            ObjectNode json = JSON.createObjectNode();
            json.put("callId", callId);
            json.put("campaignId", campaignId);
            json.put("eventType", kind.wireName());
            json.put("timestamp", at.toString());
            if (contactId != null) {
                json.put("contactId", contactId);
            }
            if (phone != null) {
                json.put("phoneNumber", phone);
            } else if (kind == EventKind.ANSWERED && phoneNumber != null && events.isEmpty()) {
                json.put("phoneNumber", phoneNumber);
                phone = phoneNumber;
            }
            if (source != null) {
                json.put("source", source);
            }
            if (digit != null) {
                json.put("digit", digit);
            }
            if (actionType != null) {
                json.putObject("action").put("type", actionType).set("parameters", parameters);
            }
            if (outcome != null) {
                json.put("outcome", outcome);
            }
            if (startTime != null) {
                json.put("startTime", startTime.toString());
            }
            if (duration != null) {
                json.put("duration", duration);
            }
            if (metadata != null) {
                json.set("metadata", metadata);
            }
            String id = callId + "#" + events.size();
            events.add(new GeneratedEvent(id, callId, kind, at, digit, actionType, parameters, outcome, startTime,
                    duration, contactId, phone, source, metadata, json.toString()));
        }

        GeneratedCall build() {
            return new GeneratedCall(callId, campaignId, scenario, events);
        }
    }
}
