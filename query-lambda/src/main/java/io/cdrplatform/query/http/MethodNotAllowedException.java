package io.cdrplatform.query.http;

/** 405: the path names a route, the method is not one it answers. */
public final class MethodNotAllowedException extends ApiException {

    private final String allowed;

    public MethodNotAllowedException(String method, String allowed) {
        super(405, "method_not_allowed", "method " + Printable.of(method) + " is not allowed here; use " + allowed);
        this.allowed = allowed;
    }

    /** The value of the {@code Allow} header. */
    public String allowed() {
        return allowed;
    }
}
