package io.cdrplatform.core.avaya;

import io.cdrplatform.core.event.Outcome;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a CM condition code means for us: the outcome of the call and whether the record counts
 * as an attempt (becomes a {@code call_ended} event). The defaults follow CM's condition-code
 * table; {@code PBX_CONDITION_CODES} overrides single codes ({@code H=no_answer,G=skip}).
 *
 * <ul>
 *   <li>{@code duration}: an attempt, {@code answered} when the duration is above 0 (or unknown), else
 *       {@code no_answer} (the seed's rule, and the rule for codes without an entry);
 *   <li>an outcome name ({@code no_answer}, {@code busy}, {@code failed}, ...): an attempt with that outcome;
 *   <li>{@code interim}: a 10-hour interim record, folded into its call's final record, never an attempt;
 *   <li>{@code skip}: not an attempt (a second record of a call that has its own, such as the ring time).
 * </ul>
 */
public final class ConditionCodes {

    /** What to do with a record of a condition code. */
    public enum Action {
        BY_DURATION, OUTCOME, INTERIM, SKIP
    }

    /** The rule of one code: an action and, for {@link Action#OUTCOME}, the outcome. */
    public record Rule(Action action, Outcome outcome) {
        static final Rule BY_DURATION = new Rule(Action.BY_DURATION, null);
        static final Rule INTERIM = new Rule(Action.INTERIM, null);
        static final Rule SKIP = new Rule(Action.SKIP, null);

        static Rule of(Outcome outcome) {
            return new Rule(Action.OUTCOME, outcome);
        }

        /** Whether a record under this rule becomes a call_ended event (an attempt). */
        public boolean isAttempt() {
            return action == Action.BY_DURATION || action == Action.OUTCOME;
        }

        @Override
        public String toString() {
            return action == Action.OUTCOME ? outcome.wireName() : action.name().toLowerCase(Locale.ROOT)
                    .replace("by_duration", "duration");
        }
    }

    private static final Map<String, Rule> DEFAULTS;

    static {
        Map<String, Rule> rules = new LinkedHashMap<>();
        rules.put("0", Rule.BY_DURATION);               // intraswitch call
        rules.put("1", Rule.BY_DURATION);               // attendant-handled or -assisted
        rules.put("4", Rule.INTERIM);                   // 10-hour interim record of a long call
        rules.put("6", Rule.of(Outcome.FAILED));        // not recorded for resource exhaustion; ISDN call not completed
        rules.put("7", Rule.BY_DURATION);               // AAR/ARS
        rules.put("8", Rule.BY_DURATION);               // ringback queuing
        rules.put("9", Rule.BY_DURATION);               // incoming or tandem
        rules.put("A", Rule.BY_DURATION);               // outgoing
        rules.put("B", Rule.BY_DURATION);               // adjunct-placed outgoing
        rules.put("C", Rule.BY_DURATION);               // conference
        rules.put("E", Rule.of(Outcome.FAILED));        // ineffective attempt: facilities not available
        rules.put("F", Rule.of(Outcome.FAILED));        // ineffective attempt: not authorized
        rules.put("G", Rule.SKIP);                      // ring time of an answered call (it has its own record)
        rules.put("H", Rule.of(Outcome.NO_ANSWER));     // ringing call abandoned
        rules.put("I", Rule.of(Outcome.BUSY));          // terminated to a busy station
        rules.put("J", Rule.BY_DURATION);               // incoming trunk call, new connection (ANF-PR / DCS rerouting)
        rules.put("K", Rule.BY_DURATION);               // outgoing trunk call, new connection (ANF-PR / DCS rerouting)
        rules.put("M", Rule.BY_DURATION);               // outgoing trunk call cut off at its time limit
        rules.put("T", Rule.BY_DURATION);               // redirected call
        DEFAULTS = Collections.unmodifiableMap(rules);
    }

    private static final ConditionCodes DEFAULT = new ConditionCodes(DEFAULTS);

    private final Map<String, Rule> rules;

    private ConditionCodes(Map<String, Rule> rules) {
        this.rules = Map.copyOf(rules);
    }

    public static ConditionCodes defaults() {
        return DEFAULT;
    }

    /** The default table as CM codes to rule names, in table order (for docs and logs). */
    public static Map<String, String> defaultTable() {
        Map<String, String> table = new LinkedHashMap<>();
        DEFAULTS.forEach((code, rule) -> table.put(code, rule.toString()));
        return table;
    }

    /**
     * The defaults with overrides {@code CODE=RULE[,CODE=RULE...]} where RULE is {@code duration},
     * {@code interim}, {@code skip} or an outcome; a malformed entry is an
     * {@link IllegalArgumentException} naming it.
     */
    public static ConditionCodes withOverrides(String overrides) {
        if (overrides == null || overrides.isBlank()) {
            return DEFAULT;
        }
        Map<String, Rule> rules = new LinkedHashMap<>(DEFAULTS);
        for (String entry : overrides.split("[,\\s]+")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", 2);
            String code = parts[0].strip().toUpperCase(Locale.ROOT);
            if (parts.length != 2 || !code.matches("[0-9A-Z]")) {
                throw new IllegalArgumentException("PBX_CONDITION_CODES entry " + entry
                        + " is not CODE=RULE (a code is one digit or letter)");
            }
            rules.put(code, rule(entry, parts[1].strip().toLowerCase(Locale.ROOT)));
        }
        return new ConditionCodes(rules);
    }

    private static Rule rule(String entry, String name) {
        return switch (name) {
            case "duration" -> Rule.BY_DURATION;
            case "interim" -> Rule.INTERIM;
            case "skip" -> Rule.SKIP;
            default -> Outcome.fromWireName(name).map(Rule::of).orElseThrow(() -> new IllegalArgumentException(
                    "PBX_CONDITION_CODES entry " + entry + ": the rule must be duration, interim, skip or an outcome "
                            + "(answered, no_answer, busy, failed, voicemail, converted, opted_out)"));
        };
    }

    /** The rule of a record: its condition code's, or {@code duration} when it has none (the seed layout). */
    public Rule ruleFor(AvayaRecord record) {
        String code = record.conditionCode();
        return code == null ? Rule.BY_DURATION : rules.getOrDefault(code.toUpperCase(Locale.ROOT), Rule.BY_DURATION);
    }

    /** The outcome of a record that is an attempt. */
    public Outcome outcomeOf(AvayaRecord record) {
        Rule rule = ruleFor(record);
        if (rule.action() == Action.OUTCOME) {
            return rule.outcome();
        }
        return record.durationSeconds() > 0 || !record.durationKnown() ? Outcome.ANSWERED : Outcome.NO_ANSWER;
    }

    /** The rules that differ from the defaults, for the start log. */
    public Map<String, String> overrides() {
        Map<String, String> changed = new LinkedHashMap<>();
        rules.forEach((code, rule) -> {
            if (!rule.equals(DEFAULTS.get(code))) {
                changed.put(code, rule.toString());
            }
        });
        return changed;
    }
}
