package io.cdrplatform.query.failure;

import java.util.Objects;

/**
 * A store the answer needs does not answer (an outage, not a bad request): the caller may try again
 * later. Thrown by the store adapters, which translate their driver's failures into it (see
 * {@code io.cdrplatform.query.stores}); the other routes keep working.
 */
public final class StoreUnavailableException extends RuntimeException {

    /** The store that does not answer. */
    public enum Store {
        MONGODB,
        REDIS
    }

    private final Store store;

    public StoreUnavailableException(Store store, String message, Throwable cause) {
        super(message, cause);
        this.store = Objects.requireNonNull(store, "store");
    }

    public Store store() {
        return store;
    }
}
