package io.cdrplatform.query.http;

/** 503: a store the answer needs does not answer ({@code redis_unavailable}, {@code mongodb_unavailable}). */
public final class ServiceUnavailableException extends ApiException {
    public ServiceUnavailableException(String code, String message, Throwable cause) {
        super(503, code, message, cause);
    }
}
