package io.cdrplatform.query.http;

/** The request path names no route of the API. */
public final class RouteNotFoundException extends RuntimeException {
    public RouteNotFoundException(String message) {
        super(message);
    }
}
