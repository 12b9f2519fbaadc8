package io.cdrplatform.store.rates;

import static io.cdrplatform.store.rates.RateFields.CONNECTION_FEE;
import static io.cdrplatform.store.rates.RateFields.ID;
import static io.cdrplatform.store.rates.RateFields.IMPORTED_AT;
import static io.cdrplatform.store.rates.RateFields.IMPORT_ID;
import static io.cdrplatform.store.rates.RateFields.INCREMENT;
import static io.cdrplatform.store.rates.RateFields.NAME;
import static io.cdrplatform.store.rates.RateFields.PREFIX;
import static io.cdrplatform.store.rates.RateFields.PRICE_PER_MINUTE;
import static io.cdrplatform.store.rates.RateFields.ROWS;
import static io.cdrplatform.store.rates.RateFields.SOURCE;
import static io.cdrplatform.store.rates.RateFields.VALID_FROM;
import static io.cdrplatform.store.rates.RateFields.VALID_TO;

import io.cdrplatform.core.cost.BillingIncrement;
import io.cdrplatform.core.cost.Rate;
import io.cdrplatform.store.callrecords.CallRecordCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.bson.types.Decimal128;

/** The one BSON codec of rate and import documents ({@link RateFields}). */
public final class RateCodec {

    private RateCodec() {
    }

    /** The id of a rate of an import: unique per import, since a sheet has each prefix once. */
    public static String idOf(String importId, String prefix) {
        return importId + '|' + prefix;
    }

    public static Document toDocument(Rate rate, String importId) {
        return new Document(ID, idOf(importId, rate.prefix()))
                .append(PREFIX, rate.prefix())
                .append(NAME, rate.name())
                .append(PRICE_PER_MINUTE, new Decimal128(rate.pricePerMinute()))
                .append(CONNECTION_FEE, new Decimal128(rate.connectionFee()))
                .append(INCREMENT, rate.increment().toString())
                .append(VALID_FROM, Date.from(rate.validFrom()))
                .append(VALID_TO, rate.validTo() == null ? null : Date.from(rate.validTo()))
                .append(IMPORT_ID, importId);
    }

    /** The rate of a document; a document that is no valid rate throws, naming what is wrong. */
    public static Rate rateOf(Document document) {
        Instant validFrom = CallRecordCodec.instant(document.get(VALID_FROM));
        if (validFrom == null) {
            throw new IllegalArgumentException("rate " + document.get(ID) + " has no validFrom date");
        }
        BigDecimal price = CallRecordCodec.decimal(document.get(PRICE_PER_MINUTE));
        BigDecimal fee = document.get(CONNECTION_FEE) == null ? BigDecimal.ZERO
                : CallRecordCodec.decimal(document.get(CONNECTION_FEE));
        if (price == null || fee == null) {
            throw new IllegalArgumentException("rate " + document.get(ID) + " has no decimal pricePerMinute or connectionFee");
        }
        Object increment = document.get(INCREMENT);
        try {
            return new Rate(String.valueOf(document.get(PREFIX)), String.valueOf(document.get(NAME)), price, fee,
                    increment == null ? BillingIncrement.PER_MINUTE : BillingIncrement.parse(increment.toString()),
                    validFrom, CallRecordCodec.instant(document.get(VALID_TO)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rate " + document.get(ID) + ": " + e.getMessage(), e);
        }
    }

    /** The import of a document, or null when the document has no string importId. */
    public static String importIdOf(Document rate) {
        return rate.get(IMPORT_ID) instanceof String id ? id : null;
    }

    public static Document importDocument(String importId, Instant validFrom, Instant importedAt, int rows,
                                          String source) {
        return new Document(ID, importId)
                .append(VALID_FROM, Date.from(validFrom))
                .append(IMPORTED_AT, Date.from(importedAt))
                .append(ROWS, rows)
                .append(SOURCE, source);
    }

    /** A committed import: its id, validity date and commit time. */
    public record Import(String id, Instant validFrom, Instant importedAt) {
    }

    public static Import importOf(Document document) {
        Instant validFrom = CallRecordCodec.instant(document.get(VALID_FROM));
        Instant importedAt = CallRecordCodec.instant(document.get(IMPORTED_AT));
        if (validFrom == null || importedAt == null) {
            throw new IllegalArgumentException("rate import " + document.get(ID) + " has no validFrom or importedAt date");
        }
        return new Import(String.valueOf(document.get(ID)), validFrom, importedAt);
    }
}
