package io.cdrplatform.reliability.calls;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET /campaigns/{id}/live} must answer: the contract's call counters, the per action
 * type counters (calls that triggered the type at least once) and the newest event seen.
 */
public record ExpectedLive(Map<String, Long> counters, Map<String, Long> actions, Instant lastActivity) {

    public static final List<String> COUNTERS = List.of("totalAttempts", "activeCalls", "answered", "busy", "failed",
            "converted", "optedOut", "noAnswer", "voicemail");

    /** The JSON name of an outcome's counter ({@code no_answer} -> {@code noAnswer}). */
    public static String jsonName(String outcome) {
        return switch (outcome) {
            case "no_answer" -> "noAnswer";
            case "opted_out" -> "optedOut";
            default -> outcome;
        };
    }

    /** Every counter that differs, as readable sentences. */
    public List<String> differences(JsonNode actual) {
        List<String> out = new ArrayList<>();
        counters.forEach((name, expected) -> {
            long got = actual.path(name).asLong(-1);
            if (got != expected) {
                out.add(name + ": expected " + expected + ", got " + actual.path(name));
            }
        });
        Map<String, Long> gotActions = actions(actual);
        if (!gotActions.equals(actions)) {
            out.add("actions: expected " + actions + ", got " + gotActions);
        }
        JsonNode last = actual.path("lastActivity");
        Instant gotLast = last.isTextual() ? Instant.parse(last.asText()) : null;
        if (lastActivity != null && !lastActivity.equals(gotLast)) {
            out.add("lastActivity: expected " + lastActivity + ", got " + last);
        }
        return out;
    }

    /**
     * How far each counter is above the truth (a call counted twice), summed; counters below the truth
     * (calls not yet counted, e.g. after Redis lost its data) are not double counts.
     */
    public long excess(JsonNode actual) {
        long excess = 0;
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            excess += Math.max(0, actual.path(counter.getKey()).asLong(0) - counter.getValue());
        }
        Map<String, Long> gotActions = actions(actual);
        for (Map.Entry<String, Long> action : gotActions.entrySet()) {
            excess += Math.max(0, action.getValue() - actions.getOrDefault(action.getKey(), 0L));
        }
        return excess;
    }

    /** How far the counters are below the truth, summed. */
    public long shortfall(JsonNode actual) {
        long shortfall = 0;
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            shortfall += Math.max(0, counter.getValue() - actual.path(counter.getKey()).asLong(0));
        }
        return shortfall;
    }

    private static Map<String, Long> actions(JsonNode actual) {
        Map<String, Long> got = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = actual.path("actions").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            got.put(field.getKey(), field.getValue().asLong());
        }
        return got;
    }
}
