package io.cdrplatform.query.failure;

import java.util.Objects;

/** What the caller asked for by name does not exist: a call's CDR, a dashboard file. */
public final class NotFoundException extends RuntimeException {

    /** The kind of thing that was not found. */
    public enum Subject {
        CALL,
        DASHBOARD_FILE
    }

    private final Subject subject;

    public NotFoundException(Subject subject, String message) {
        super(message);
        this.subject = Objects.requireNonNull(subject, "subject");
    }

    public Subject subject() {
        return subject;
    }
}
