package io.cdrplatform.query.http;

/** 413: the answer would not fit the transport (Lambda returns at most 6 MB). */
public final class PayloadTooLargeException extends ApiException {
    public PayloadTooLargeException(String message) {
        super(413, "response_too_large", message);
    }
}
