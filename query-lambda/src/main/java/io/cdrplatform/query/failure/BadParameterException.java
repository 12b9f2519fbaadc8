package io.cdrplatform.query.failure;

/** A query or path parameter the caller got wrong; the message names the parameter. */
public final class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
