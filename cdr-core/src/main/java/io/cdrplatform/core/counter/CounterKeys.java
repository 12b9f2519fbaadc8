package io.cdrplatform.core.counter;

import io.cdrplatform.core.event.Action;

/**
 * The Redis key names of the contract, which existing dashboards read, and the one key added beside
 * them: each campaign's index of its action types.
 */
public final class CounterKeys {

    /**
     * Member of a campaign's action-type index meaning "complete: every action key of this campaign
     * is listed" (a campaign whose counters were born or rebuilt under the index); never an action
     * type, which has no ':'. Without it (counters written by an older logger) readers SCAN.
     */
    public static final String ACTION_TYPES_COMPLETE_MARKER = ":complete";

    private static final String ACTION_TYPES_INDEX_SUFFIX = "action_types";
    private static final String NO_INDEX_ENDING = ":action";

    private CounterKeys() {
    }

    public static String prefix(String campaignId) {
        return "campaign:" + campaignId + ":";
    }

    public static String counter(String campaignId, Counter counter) {
        return prefix(campaignId) + counter.keySuffix();
    }

    public static String lastActivity(String campaignId) {
        return prefix(campaignId) + "last_activity";
    }

    public static String action(String campaignId, String actionType) {
        return prefix(campaignId) + "action:" + actionType;
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

    /** The index key's suffix after {@link #prefix}, for scripts that build the key in Redis. */
    public static String actionTypesIndexSuffix() {
        return ACTION_TYPES_INDEX_SUFFIX;
    }
}
