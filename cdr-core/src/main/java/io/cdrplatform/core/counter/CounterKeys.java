package io.cdrplatform.core.counter;

/** The Redis key names of the contract, which existing dashboards read. */
public final class CounterKeys {
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
}
