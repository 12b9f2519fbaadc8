package io.cdrplatform.store.rates;

import java.util.List;

/**
 * The rate table (the billing issue): collection {@value #RATES_COLLECTION}, one document per
 * destination prefix of an imported sheet, and collection {@value #IMPORTS_COLLECTION}, one
 * document per committed import. A rate counts only once its import is committed (its document in
 * {@value #IMPORTS_COLLECTION} exists), which makes an import atomic for readers; a rate without
 * {@value #IMPORT_ID} (entered by hand) counts as it is, with its own validity.
 */
public final class RateFields {

    public static final String RATES_COLLECTION = "rates";
    public static final String IMPORTS_COLLECTION = "rate_imports";

    /** {@code <importId>|<prefix>} for an imported rate. */
    public static final String ID = "_id";
    /** Digits of an E.164 number without {@code +}, or {@code x} and the leading digits of an extension. */
    public static final String PREFIX = "prefix";
    public static final String NAME = "name";
    /** Decimal128. */
    public static final String PRICE_PER_MINUTE = "pricePerMinute";
    /** Decimal128, charged once per call with billable seconds. */
    public static final String CONNECTION_FEE = "connectionFee";
    /** {@code first/next} seconds, a string such as {@code 30/6}. */
    public static final String INCREMENT = "increment";
    /** BSON date, inclusive. */
    public static final String VALID_FROM = "validFrom";
    /** BSON date, exclusive; absent or null while open-ended. */
    public static final String VALID_TO = "validTo";
    /** The import the rate came with ({@link #IMPORTS_COLLECTION} {@code _id}). */
    public static final String IMPORT_ID = "importId";

    /** Of an import document: when it was committed (orders the sheets). */
    public static final String IMPORTED_AT = "importedAt";
    /** Of an import document: how many rates it has. */
    public static final String ROWS = "rows";
    /** Of an import document: the file it was read from. */
    public static final String SOURCE = "source";

    /** Every field a rate document can hold. */
    public static final List<String> RATE_FIELDS = List.of(ID, PREFIX, NAME, PRICE_PER_MINUTE, CONNECTION_FEE, INCREMENT,
            VALID_FROM, VALID_TO, IMPORT_ID);

    private RateFields() {
    }
}
