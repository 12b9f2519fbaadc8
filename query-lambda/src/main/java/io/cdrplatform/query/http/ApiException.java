package io.cdrplatform.query.http;

/**
 * A failure with a meaning for the caller: the HTTP status and the {@code error} code of the JSON
 * error body. {@link ErrorMapper} turns it (and any other exception) into the response.
 */
public abstract class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    protected ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    protected ApiException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
