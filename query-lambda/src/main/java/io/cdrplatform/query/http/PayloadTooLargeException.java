package io.cdrplatform.query.http;

/** The answer would not fit the transport (Lambda returns at most 6 MB). */
public final class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
