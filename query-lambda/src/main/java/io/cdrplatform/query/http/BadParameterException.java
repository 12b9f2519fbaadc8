package io.cdrplatform.query.http;

/** A query or path parameter the caller got wrong: 400, the message names the parameter. */
public final class BadParameterException extends ApiException {

    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(400, "invalid_parameter", message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
