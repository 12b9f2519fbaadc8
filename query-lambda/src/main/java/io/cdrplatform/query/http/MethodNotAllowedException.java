package io.cdrplatform.query.http;

/** The path names a route, the method is not one it answers. */
public final class MethodNotAllowedException extends RuntimeException {

    private final String allowed;

    public MethodNotAllowedException(String method, String allowed) {
        super("method " + Printable.of(method) + " is not allowed here; use " + allowed);
        this.allowed = allowed;
    }

    /** The value of the {@code Allow} header. */
    public String allowed() {
        return allowed;
    }
}
