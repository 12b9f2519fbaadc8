package io.cdrplatform.query.http;

/** 404: no such route ({@code route_not_found}) or no such record ({@code call_not_found}). */
public final class NotFoundException extends ApiException {
    public NotFoundException(String code, String message) {
        super(404, code, message);
    }
}
