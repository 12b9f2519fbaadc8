package io.cdrplatform.logger;

/** Fails an SNS invocation whose events could not all be stored, so that Lambda delivers them again. */
public final class CallRecordsNotStoredException extends RuntimeException {
    public CallRecordsNotStoredException(String message, Throwable cause) {
        super(message, cause);
    }
}
