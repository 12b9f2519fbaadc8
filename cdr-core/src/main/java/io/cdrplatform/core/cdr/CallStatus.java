package io.cdrplatform.core.cdr;

/** A CDR's status; it only moves forward, in declaration order. */
public enum CallStatus {
    DIALING("dialing"),
    ANSWERED("answered"),
    COMPLETED("completed");

    private final String wireName;

    CallStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static CallStatus fromWireName(String name) {
        for (CallStatus status : values()) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status " + name);
    }
}
