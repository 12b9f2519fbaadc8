package io.cdrplatform.snslocal;

import java.util.Objects;

/** A request the endpoint answers with an SNS error response. */
public final class SnsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SnsErrorCode errorCode;

    public SnsException(SnsErrorCode errorCode, String message) {
        super(message);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    public SnsException(SnsErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    public SnsErrorCode errorCode() {
        return errorCode;
    }

    static SnsException invalidParameter(String what) {
        return new SnsException(SnsErrorCode.INVALID_PARAMETER, "Invalid parameter: " + what);
    }

    static SnsException topicNotFound() {
        return new SnsException(SnsErrorCode.NOT_FOUND, "Topic does not exist");
    }
}
