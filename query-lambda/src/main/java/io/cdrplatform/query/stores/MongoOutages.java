package io.cdrplatform.query.stores;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.cdrplatform.query.failure.StoreUnavailableException;
import io.cdrplatform.query.failure.StoreUnavailableException.Store;
import java.util.function.Supplier;

/**
 * The one translation of a MongoDB outage into the domain's {@link StoreUnavailableException}:
 * no server to select within the timeout ({@link MongoTimeoutException}) or a connection that
 * failed ({@link MongoSocketException}). Other MongoDB errors (a query MongoDB refuses) are bugs,
 * not outages, and pass through. Every MongoDB read of the query API runs through {@link #read}.
 */
public final class MongoOutages {

    static final String MESSAGE = "MongoDB does not answer; try again later";

    private MongoOutages() {
    }

    /** Runs one MongoDB read; an outage during it becomes {@link StoreUnavailableException}. */
    public static <T> T read(Supplier<T> read) {
        try {
            return read.get();
        } catch (MongoTimeoutException | MongoSocketException e) {
            throw new StoreUnavailableException(Store.MONGODB, MESSAGE, e);
        }
    }
}
