package io.cdrplatform.store.redis;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.event.Action;

/**
 * The Redis key names of the contract (section 3), which existing dashboards read: the counters, and
 * the campaign index {@code campaigns:last_activity}; and the one key added beside them: each
 * campaign's index of its action types. The cdr-logger's counter script, {@code rebuild-counters}
 * and the query API name these keys only through this class.
 */
public final class CounterKeys {

    /**
     * Member of a campaign's action-type index meaning "complete: every action key of this campaign
     * is listed" (a campaign whose counters were born or rebuilt under the index); never an action
     * type, which has no ':'. Without it (counters written by an older logger) readers SCAN.
     */
    public static final String ACTION_TYPES_COMPLETE_MARKER = ":complete";

    private static final String CAMPAIGN_PREFIX = "campaign:";
    private static final String SEPARATOR = ":";
    private static final String LAST_ACTIVITY_SUFFIX = "last_activity";
    private static final String ACTION_INFIX = "action:";
    private static final String ACTION_TYPES_INDEX_SUFFIX = "action_types";
    private static final String NO_INDEX_ENDING = ":action";
    private static final String CAMPAIGN_INDEX = "campaigns:last_activity";

    private CounterKeys() {
    }

    /** {@code campaign:<id>:}, the start of every key of the campaign. */
    public static String prefix(String campaignId) {
        return CAMPAIGN_PREFIX + campaignId + SEPARATOR;
    }

    /** {@code campaign:<id>:<counter>}, e.g. {@code campaign:c1:total_attempts}. */
    public static String counter(String campaignId, Counter counter) {
        return prefix(campaignId) + suffix(counter);
    }

    /** The last segment of a counter's key, e.g. {@code total_attempts}. */
    public static String suffix(Counter counter) {
        return switch (counter) {
            case TOTAL_ATTEMPTS -> "total_attempts";
            case ACTIVE_CALLS -> "active_calls";
            case ANSWERED -> "answered";
            case BUSY -> "busy";
            case FAILED -> "failed";
            case CONVERTED -> "converted";
            case OPTED_OUT -> "opted_out";
            case NO_ANSWER -> "no_answer";
            case VOICEMAIL -> "voicemail";
        };
    }

    /** {@code campaign:<id>:last_activity}: epoch milliseconds of the newest event timestamp seen. */
    public static String lastActivity(String campaignId) {
        return prefix(campaignId) + LAST_ACTIVITY_SUFFIX;
    }

    /**
     * The campaign id of a {@code campaign:<id>:last_activity} key (as a SCAN for
     * {@code lastActivity("*")} finds them), or null when {@code key} is no such key or its id is empty.
     */
    public static String campaignOfLastActivity(String key) {
        String ending = SEPARATOR + LAST_ACTIVITY_SUFFIX;
        if (!key.startsWith(CAMPAIGN_PREFIX) || !key.endsWith(ending)
                || key.length() <= CAMPAIGN_PREFIX.length() + ending.length()) {
            return null;
        }
        return key.substring(CAMPAIGN_PREFIX.length(), key.length() - ending.length());
    }

    /**
     * {@code campaigns:last_activity}, the campaign index of the contract: a sorted set, member = a
     * campaign id, score = that campaign's {@link #lastActivity} value (epoch ms), written in the same
     * script run as that key, so the two are always equal. Readers page it newest first instead of
     * scanning the keyspace for {@code lastActivity("*")} keys.
     */
    public static String campaignIndex() {
        return CAMPAIGN_INDEX;
    }

    /**
     * False for a campaign id ending in {@code :action} when the campaign is found only from a key
     * name (a SCAN of {@code lastActivity("*")} keys): key {@code campaign:<c>:action:last_activity}
     * is campaign {@code c}'s counter of the action type {@code last_activity} as well as campaign
     * {@code c:action}'s last activity, so such ids are indexed only from their own events and records.
     */
    public static boolean isIndexableFromKeyName(String campaignId) {
        return !campaignId.endsWith(NO_INDEX_ENDING);
    }

    /** {@code campaign:<id>:action:<type>}: the calls of the campaign that triggered that action type. */
    public static String action(String campaignId, String actionType) {
        return prefix(campaignId) + ACTION_INFIX + actionType;
    }

    /**
     * The action type of {@code key} if it is one of the campaign's action counters, else null: a key
     * that merely starts with the campaign's action prefix (a counter of a campaign whose id is this
     * one's plus {@code :action:...}) has no action type after it.
     */
    public static String actionTypeOf(String campaignId, String key) {
        String prefix = action(campaignId, "");
        if (!key.startsWith(prefix)) {
            return null;
        }
        String type = key.substring(prefix.length());
        return Action.isValidType(type) ? type : null;
    }

    /**
     * {@code campaign:<id>:action_types}: a SET of the campaign's action types that have a counter
     * key, so readers need not SCAN the keyspace for them (additive to the contract's keys).
     */
    public static String actionTypesIndex(String campaignId) {
        return prefix(campaignId) + ACTION_TYPES_INDEX_SUFFIX;
    }

    /**
     * False for a campaign id ending in {@code :action}: its index key would be campaign
     * {@code <id minus :action>}'s counter of the action type {@code action_types}, so it has none
     * (readers SCAN for its action keys).
     */
    public static boolean hasActionTypesIndex(String campaignId) {
        return !campaignId.endsWith(NO_INDEX_ENDING);
    }

    /** The ending of campaign ids without an index, for scripts that test it in Redis. */
    public static String noActionTypesIndexEnding() {
        return NO_INDEX_ENDING;
    }

    /** The start of every campaign key, before the campaign id, for scripts that build keys in Redis. */
    public static String campaignPrefix() {
        return CAMPAIGN_PREFIX;
    }

    /** What follows the campaign id in {@link #prefix}, for scripts that build keys in Redis. */
    public static String separator() {
        return SEPARATOR;
    }

    /** The segment between {@link #prefix} and an action type, for scripts that build keys in Redis. */
    public static String actionInfix() {
        return ACTION_INFIX;
    }

    /** The index key's suffix after {@link #prefix}, for scripts that build keys in Redis. */
    public static String actionTypesIndexSuffix() {
        return ACTION_TYPES_INDEX_SUFFIX;
    }
}
