package io.cdrplatform.reliability.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrplatform.reliability.calls.GeneratedEvent.EventKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The test's own reading of the contract, independent of the production fold: given the events of
 * a call that were delivered (in any order, any number of times), what its CDR is; and given CDRs,
 * what {@code /stats} and {@code /live} must answer. It only handles calls whose events agree with
 * each other, which is what {@link CallGenerator} makes, so each rule is the plain one of CONTRACT
 * sections 2-4:
 * <ul>
 *   <li>status completed with a {@code call_ended}, else answered with a {@code call_answered}, else dialing;</li>
 *   <li>startTime: {@code call_initiated}, else the end's {@code startTime}, else end minus duration, else
 *       the earliest event; duration: the one given, else end minus start in whole seconds (rounded down);</li>
 *   <li>cost: billable seconds (0 for no_answer / busy / failed; else from the {@code call_answered} to the end,
 *       at most the duration, or the whole duration without an answer) billed as first increment, then whole
 *       next increments (0 s costs 0), x price / 60, half-up to 6 decimals; a PBX extension (a number without
 *       {@code +}) costs 0, as no rate table is loaded;</li>
 *   <li>answered: a {@code call_answered}, or an end answered / converted / opted out.</li>
 * </ul>
 */
public final class CallOracle {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper SORTED = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final Set<String> ANSWERING_OUTCOMES = Set.of("answered", "converted", "opted_out");
    private static final Set<String> UNBILLED_OUTCOMES = Set.of("no_answer", "busy", "failed");
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final BigDecimal costPerMinute;
    private final long firstIncrement;
    private final long nextIncrement;

    /** The tariff cdr-local runs with ({@code COST_PER_MINUTE}, {@code BILLING_INCREMENT} first/next). */
    public CallOracle(BigDecimal costPerMinute, long firstIncrement, long nextIncrement) {
        this.costPerMinute = costPerMinute;
        this.firstIncrement = firstIncrement;
        this.nextIncrement = nextIncrement;
    }

    public ExpectedCdr expect(GeneratedCall call, Collection<GeneratedEvent> delivered) {
        if (delivered.isEmpty()) {
            throw new IllegalArgumentException("a call without events has no CDR");
        }
        List<GeneratedEvent> events = new ArrayList<>(delivered.stream().distinct().toList());
        events.sort(Comparator.comparing(GeneratedEvent::timestamp).thenComparing(GeneratedEvent::id));
        GeneratedEvent initiated = first(events, EventKind.INITIATED);
        GeneratedEvent answeredEvent = first(events, EventKind.ANSWERED);
        GeneratedEvent ended = first(events, EventKind.ENDED);

        Instant startTime;
        if (initiated != null) {
            startTime = initiated.timestamp();
        } else if (ended != null && ended.startTime() != null) {
            startTime = ended.startTime();
        } else if (ended != null && ended.duration() != null) {
            startTime = ended.timestamp().minusSeconds(ended.duration());
        } else {
            startTime = events.get(0).timestamp();
        }
        Long duration = null;
        BigDecimal cost = null;
        if (ended != null) {
            duration = ended.duration() != null ? ended.duration()
                    : Math.floorDiv(ended.timestamp().toEpochMilli() - startTime.toEpochMilli(), 1000L);
        }
        String status = ended != null ? "completed" : answeredEvent != null ? "answered" : "dialing";
        boolean answered = answeredEvent != null || (ended != null && ANSWERING_OUTCOMES.contains(ended.outcome()));

        StringBuilder dtmf = new StringBuilder();
        List<ExpectedCdr.Action> actions = new ArrayList<>();
        ObjectNode metadata = JSON.createObjectNode();
        String contactId = null;
        String phoneNumber = null;
        String source = null;
        for (GeneratedEvent event : events) {
            if (event.kind() == EventKind.DTMF) {
                dtmf.append(event.digit());
            } else if (event.kind() == EventKind.ACTION) {
                actions.add(new ExpectedCdr.Action(event.actionType(), event.parameters(), event.timestamp()));
            }
            if (event.metadata() != null) {
                metadata.setAll(event.metadata());
            }
            contactId = contactId != null ? contactId : event.contactId();
            phoneNumber = phoneNumber != null ? phoneNumber : event.phoneNumber();
            source = source != null ? source : event.source();
        }
        if (ended != null) {
            long billable;
            if (UNBILLED_OUTCOMES.contains(ended.outcome())) {
                billable = 0;
            } else if (answeredEvent != null) {
                long answeredFor = Math.floorDiv(ended.timestamp().toEpochMilli()
                        - answeredEvent.timestamp().toEpochMilli(), 1000L);
                billable = Math.max(0, Math.min(duration, answeredFor));
            } else {
                billable = duration;
            }
            cost = phoneNumber != null && !phoneNumber.startsWith("+") ? BigDecimal.ZERO.setScale(6) : cost(billable);
        }
        return new ExpectedCdr(call.callId(), call.campaignId(), contactId, phoneNumber, source, status,
                ended == null ? null : ended.outcome(), answered, startTime,
                answeredEvent == null ? null : answeredEvent.timestamp(),
                ended == null ? null : ended.timestamp(), duration, cost, dtmf.toString(), actions, metadata,
                events.get(events.size() - 1).timestamp());
    }

    private static GeneratedEvent first(List<GeneratedEvent> events, EventKind kind) {
        return events.stream().filter(event -> event.kind() == kind).findFirst().orElse(null);
    }

    /** Billed seconds x price per minute / 60, half-up to 6 decimals. */
    public BigDecimal cost(long seconds) {
        long billed;
        if (seconds == 0) {
            billed = 0;
        } else if (seconds <= firstIncrement) {
            billed = firstIncrement;
        } else {
            long rest = seconds - firstIncrement;
            billed = firstIncrement + (rest + nextIncrement - 1) / nextIncrement * nextIncrement;
        }
        return costPerMinute.multiply(BigDecimal.valueOf(billed)).divide(BigDecimal.valueOf(60), 6, RoundingMode.HALF_UP);
    }

    /** Every field of the API's CDR that differs from the expectation, as readable sentences. */
    public List<String> differences(ExpectedCdr expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare(out, "callId", expected.callId(), text(actual, "callId"));
        compare(out, "campaignId", expected.campaignId(), text(actual, "campaignId"));
        compare(out, "contactId", expected.contactId(), text(actual, "contactId"));
        compare(out, "phoneNumber", expected.phoneNumber(), text(actual, "phoneNumber"));
        compare(out, "source", expected.source(), text(actual, "source"));
        compare(out, "status", expected.status(), text(actual, "status"));
        compare(out, "outcome", expected.outcome(), text(actual, "outcome"));
        compare(out, "answered", expected.answered(), actual.path("answered").asBoolean());
        compare(out, "startTime", expected.startTime(), instant(actual, "startTime"));
        compare(out, "answeredAt", expected.answeredAt(), instant(actual, "answeredAt"));
        compare(out, "endTime", expected.endTime(), instant(actual, "endTime"));
        compare(out, "duration", expected.duration(), actual.path("duration").isNumber() ? actual.get("duration").asLong() : null);
        BigDecimal cost = actual.path("cost").isNull() || actual.path("cost").isMissingNode() ? null
                : new BigDecimal(actual.get("cost").asText());
        if (!Objects.equals(expected.cost() == null, cost == null)
                || (cost != null && expected.cost().compareTo(cost) != 0)) {
            out.add("cost: expected " + expected.cost() + ", got " + cost);
        }
        StringBuilder digits = new StringBuilder();
        actual.path("dtmfInputs").forEach(digit -> digits.append(digit.asText()));
        compare(out, "dtmfInputs", expected.dtmfInputs(), digits.toString());
        List<String> expectedActions = expected.actions().stream()
                .map(action -> action.type() + "@" + action.timestamp() + canonical(action.parameters())).toList();
        List<String> actualActions = new ArrayList<>();
        for (JsonNode action : actual.path("actionsTriggered")) {
            actualActions.add(action.path("type").asText() + "@" + Instant.parse(action.path("timestamp").asText())
                    + canonical(action.path("parameters").isObject() ? action.get("parameters") : JSON.createObjectNode()));
        }
        // the contract fixes no order for actions (it does for key presses)
        compare(out, "actionsTriggered", expectedActions.stream().sorted().toList(),
                actualActions.stream().sorted().toList());
        JsonNode metadata = actual.path("metadata");
        if (!expected.metadata().equals(NUMBERS_BY_VALUE, metadata.isObject() ? metadata : JSON.createObjectNode())) {
            out.add("metadata: expected " + expected.metadata() + ", got " + metadata);
        }
        compare(out, "lastEventAt", expected.lastEventAt(), instant(actual, "lastEventAt"));
        return out;
    }

    /**
     * Whether the API's CDR shows this one event (used right after a kill -9: every event acknowledged
     * before it must still be visible). Each check looks at what that event alone decides.
     */
    public static boolean shows(JsonNode cdr, GeneratedEvent event, long pressesOfThisDigitAcknowledged) {
        return switch (event.kind()) {
            case INITIATED -> event.timestamp().equals(instant(cdr, "startTime"));
            case ANSWERED -> event.timestamp().equals(instant(cdr, "answeredAt"));
            case DTMF -> {
                long shown = 0;
                for (JsonNode digit : cdr.path("dtmfInputs")) {
                    shown += digit.asText().equals(event.digit()) ? 1 : 0;
                }
                yield shown >= pressesOfThisDigitAcknowledged;
            }
            case ACTION -> {
                for (JsonNode action : cdr.path("actionsTriggered")) {
                    if (action.path("type").asText().equals(event.actionType())
                            && event.timestamp().equals(Instant.parse(action.path("timestamp").asText()))) {
                        yield true;
                    }
                }
                yield false;
            }
            case ENDED -> "completed".equals(text(cdr, "status")) && event.outcome().equals(text(cdr, "outcome"))
                    && event.timestamp().equals(instant(cdr, "endTime"));
        };
    }

    /** What {@code /stats} must answer for these CDRs (already limited to the campaign and range). */
    public ExpectedStats stats(Collection<ExpectedCdr> cdrs, ZoneId zone) {
        long total = cdrs.size();
        long answered = 0;
        long active = 0;
        long totalDuration = 0;
        long answeredDuration = 0;
        long answeredEnded = 0;
        BigDecimal totalCost = BigDecimal.ZERO;
        Map<String, Long> outcomes = new TreeMap<>();
        long[] attemptsByHour = new long[24];
        long[] answeredByHour = new long[24];
        for (ExpectedCdr cdr : cdrs) {
            int hour = cdr.startTime().atZone(zone).getHour();
            attemptsByHour[hour]++;
            if (cdr.answered()) {
                answered++;
                answeredByHour[hour]++;
            }
            if (!cdr.completed()) {
                active++;
            }
            if (cdr.outcome() != null) {
                outcomes.merge(cdr.outcome(), 1L, Long::sum);
            }
            if (cdr.duration() != null) {
                totalDuration += cdr.duration();
                if (cdr.answered()) {
                    answeredDuration += cdr.duration();
                    answeredEnded++;
                }
            }
            if (cdr.cost() != null) {
                totalCost = totalCost.add(cdr.cost());
            }
        }
        long converted = outcomes.getOrDefault("converted", 0L);
        List<ExpectedStats.Hour> byHour = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            byHour.add(new ExpectedStats.Hour(hour, attemptsByHour[hour], answeredByHour[hour],
                    ratio(answeredByHour[hour], attemptsByHour[hour])));
        }
        return new ExpectedStats(total, answered, ratio(answered, total), converted, ratio(converted, answered),
                outcomes.getOrDefault("busy", 0L), outcomes.getOrDefault("failed", 0L),
                outcomes.getOrDefault("no_answer", 0L), outcomes.getOrDefault("voicemail", 0L),
                outcomes.getOrDefault("opted_out", 0L), active, totalDuration,
                answeredEnded == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(answeredDuration)
                        .divide(BigDecimal.valueOf(answeredEnded), 2, RoundingMode.HALF_UP),
                totalCost, byHour);
    }

    /** What {@code /live} must answer for these CDRs (all of one campaign). */
    public ExpectedLive live(Collection<ExpectedCdr> cdrs) {
        Map<String, Long> counters = new TreeMap<>();
        for (String name : ExpectedLive.COUNTERS) {
            counters.put(name, 0L);
        }
        Map<String, Long> actions = new TreeMap<>();
        Instant lastActivity = null;
        for (ExpectedCdr cdr : cdrs) {
            counters.merge("totalAttempts", 1L, Long::sum);
            if (!cdr.completed()) {
                counters.merge("activeCalls", 1L, Long::sum);
            }
            if (cdr.answered()) {
                counters.merge("answered", 1L, Long::sum);
            }
            if (cdr.outcome() != null && !"answered".equals(cdr.outcome())) {
                counters.merge(ExpectedLive.jsonName(cdr.outcome()), 1L, Long::sum);
            }
            cdr.actions().stream().map(ExpectedCdr.Action::type).distinct()
                    .forEach(type -> actions.merge(type, 1L, Long::sum));
            lastActivity = lastActivity == null || cdr.lastEventAt().isAfter(lastActivity) ? cdr.lastEventAt() : lastActivity;
        }
        return new ExpectedLive(counters, actions, lastActivity);
    }

    /** JSON text with object keys sorted, so that key order does not matter. */
    private static String canonical(JsonNode node) {
        if (node == null) {
            return "{}";
        }
        try {
            return SORTED.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigDecimal ratio(long numerator, long denominator) {
        return denominator == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
    }

    private static void compare(List<String> out, String field, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            out.add(field + ": expected " + expected + ", got " + actual);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }
}
