package io.cdrplatform.query.stores;

import io.cdrplatform.query.failure.StoreUnavailableException;
import io.cdrplatform.query.failure.StoreUnavailableException.Store;
import io.lettuce.core.RedisException;
import java.util.function.Supplier;

/**
 * The one translation of a Redis failure into the domain's {@link StoreUnavailableException}: any
 * {@link RedisException} (no connection, a command timeout, a command Redis refuses). Every Redis
 * read of the query API runs through {@link #read}.
 */
public final class RedisOutages {

    static final String MESSAGE = "Redis does not answer; try again later";

    private RedisOutages() {
    }

    /** Runs one Redis read; a failure during it becomes {@link StoreUnavailableException} with the general message. */
    public static <T> T read(Supplier<T> read) {
        return read(MESSAGE, read);
    }

    /** Runs one Redis read; a failure during it becomes {@link StoreUnavailableException} with {@code message}. */
    public static <T> T read(String message, Supplier<T> read) {
        try {
            return read.get();
        } catch (RedisException e) {
            throw new StoreUnavailableException(Store.REDIS, message, e);
        }
    }
}
