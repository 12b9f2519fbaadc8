package io.cdrplatform.logger.mongo;

import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Pricing;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.store.rates.StoredRates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The logger's cached rate table: the pricing of the calls it writes. The table is read from
 * MongoDB ({@link StoredRates#load}) on first use and again by the first batch after it has grown
 * {@code refresh} old (so a new import is picked up within {@code RATES_REFRESH_SECONDS}). A read
 * that fails keeps the table in hand (and is tried again at the next refresh); with no table in
 * hand yet, it throws, and the batch's calls come back later.
 */
public final class MongoRates implements Supplier<Pricing> {
    private static final Logger LOG = LoggerFactory.getLogger(MongoRates.class);

    private final MongoDatabase database;
    private final Tariff fallback;
    private final Duration refresh;
    private final Clock clock;
    private volatile Pricing current;
    private volatile Instant readAt;

    public MongoRates(MongoDatabase database, Tariff fallback, Duration refresh, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Pricing get() {
        Pricing pricing = current;
        Instant at = readAt;
        if (pricing != null && clock.instant().isBefore(at.plus(refresh))) {
            return pricing;
        }
        return reload();
    }

    private synchronized Pricing reload() {
        Instant now = clock.instant();
        if (current != null && now.isBefore(readAt.plus(refresh))) {
            return current; // another thread of this batch read it meanwhile
        }
        try {
            StoredRates.Loaded loaded = StoredRates.load(database);
            for (String problem : loaded.unreadable()) {
                LOG.warn("rate left out of the table: " + problem);
            }
            if (current == null || current.rates().size() != loaded.table().size()) {
                LOG.info("rate table read", entry("rates", loaded.table().size()), entry("imports", loaded.imports()));
            }
            current = new Pricing(loaded.table(), fallback);
        } catch (RuntimeException e) {
            if (current == null) {
                throw e;
            }
            LOG.warn("rate table not read; pricing with the one read before",
                    entry("cause", String.valueOf(e.getMessage())));
        }
        readAt = now;
        return current;
    }
}
