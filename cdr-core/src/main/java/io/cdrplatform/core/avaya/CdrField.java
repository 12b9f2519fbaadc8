package io.cdrplatform.core.avaya;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The data items of an Avaya CM call record, under the names CM's {@code system-parameters cdr}
 * form uses for customized records ({@code cond-code}, {@code dialed-num}, ...), with the event
 * metadata key and the PostgreSQL column each one becomes. One home for these names: layouts,
 * the event mapping and the PostgreSQL sink all read them from here.
 */
public enum CdrField {
    DATE("date", Kind.DATE, null, null),
    TIME("time", Kind.TIME, null, null),
    /** Standard formats: hours (1), minutes (2), tenths of a minute (1). */
    DURATION("duration", Kind.DURATION_TENTHS, null, null),
    /** Customized records: whole seconds. */
    SEC_DUR("sec-dur", Kind.DURATION_SECONDS, null, null),
    /** The seed layout's H MM SS duration (not a CM item name). */
    SEED_DURATION("seed-duration", Kind.DURATION_HMMSS, null, null),
    COND_CODE("cond-code", Kind.TEXT, "conditionCode", "condition_code"),
    /** The seed layout's code column (not a CM item name; kept as the seed had it). */
    SEED_CODE("seed-code", Kind.TEXT, "callCode", "call_code"),
    CODE_DIAL("code-dial", Kind.TEXT, "accessCodeDialed", "access_code_dialed"),
    CODE_USED("code-used", Kind.TEXT, "accessCodeUsed", "access_code_used"),
    DIALED_NUM("dialed-num", Kind.TEXT, "calledNumber", "called_number"),
    CALLING_NUM("calling-num", Kind.TEXT, "callingNumber", "calling_number"),
    CLG_NUM_IN_TAC("clg-num/in-tac", Kind.TEXT, "callingNumber", "calling_number"),
    IN_TRK_CODE("in-trk-code", Kind.TEXT, "incomingTrunkAccessCode", "incoming_trunk_access_code"),
    IN_CRT_ID("in-crt-id", Kind.TEXT, "incomingCircuitId", "incoming_circuit_id"),
    OUT_CRT_ID("out-crt-id", Kind.TEXT, "outgoingCircuitId", "outgoing_circuit_id"),
    ACCT_CODE("acct-code", Kind.TEXT, "accountCode", "account_code"),
    /** A credential (toll fraud): masked before the line is kept anywhere, never read. */
    AUTH_CODE("auth-code", Kind.SECRET, null, null),
    VDN("vdn", Kind.TEXT, "vdn", "vdn"),
    FEAT_FLAG("feat-flag", Kind.TEXT, "featureFlag", "feature_flag"),
    FRL("frl", Kind.TEXT, "frl", "frl"),
    BANDWIDTH("bandwidth", Kind.TEXT, "bandwidth", "bandwidth"),
    PPM("ppm", Kind.TEXT, "ppm", "ppm"),
    IXC_CODE("ixc-code", Kind.TEXT, "ixcCode", "ixc_code"),
    INS("ins", Kind.TEXT, "ins", "ins"),
    BCC("bcc", Kind.TEXT, "bcc", "bcc"),
    MA_UUI("ma-uui", Kind.TEXT, "maUui", "ma_uui"),
    RES_FLAG("res-flag", Kind.TEXT, "resourceFlag", "resource_flag"),
    NODE_NUM("node-num", Kind.TEXT, "nodeNumber", "node_number"),
    ATTD_CONSOLE("attd-console", Kind.TEXT, "attendantConsole", "attendant_console"),
    TSC_CT("tsc_ct", Kind.TEXT, "tscCount", "tsc_count"),
    TSC_FLAG("tsc_flag", Kind.TEXT, "tscFlag", "tsc_flag"),
    ISDN_CC("isdn-cc", Kind.TEXT, "isdnCallCharge", "isdn_call_charge"),
    UCID("ucid", Kind.TEXT, "ucid", "ucid"),
    SPACE("space", Kind.FILLER, null, null),
    RETURN("return", Kind.TERMINATOR, null, null),
    LINE_FEED("line-feed", Kind.TERMINATOR, null, null),
    NULL("null", Kind.TERMINATOR, null, null);

    /** How a field's characters are read. */
    public enum Kind {
        DATE, TIME, DURATION_TENTHS, DURATION_SECONDS, DURATION_HMMSS, TEXT, SECRET, FILLER, TERMINATOR
    }

    /** The longest value any text field can have, and so the width of the new PostgreSQL columns. */
    public static final int MAX_TEXT_LENGTH = 32;

    private static final Map<String, CdrField> BY_CM_NAME = Arrays.stream(values())
            .filter(CdrField::customizable)
            .collect(Collectors.toUnmodifiableMap(CdrField::cmName, Function.identity()));

    private final String cmName;
    private final Kind kind;
    private final String metadataKey;
    private final String column;

    CdrField(String cmName, Kind kind, String metadataKey, String column) {
        this.cmName = cmName;
        this.kind = kind;
        this.metadataKey = metadataKey;
        this.column = column;
    }

    /** The item's name on CM's {@code system-parameters cdr} form. */
    public String cmName() {
        return cmName;
    }

    public Kind kind() {
        return kind;
    }

    /** Key in the event's metadata, or null for items that are not carried as text (date, time, ...). */
    public String metadataKey() {
        return metadataKey;
    }

    /** PostgreSQL column of {@code avaya_cdr}, or null. */
    public String column() {
        return column;
    }

    /** Whether a customized record may name it (the seed's own items may not). */
    public boolean customizable() {
        return this != SEED_DURATION && this != SEED_CODE;
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /** A customized-record item by its CM name, case-insensitive. */
    public static Optional<CdrField> byCmName(String name) {
        return Optional.ofNullable(BY_CM_NAME.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** An unmodifiable copy (an EnumMap underneath: cheap to copy, ordered like this enum). */
    public static Map<CdrField, String> immutableCopy(Map<CdrField, String> values) {
        if (values.isEmpty()) {
            return Map.of();
        }
        if (values instanceof EnumMapView view) {
            return view;
        }
        return new EnumMapView(new java.util.EnumMap<>(values));
    }

    /** An unmodifiable EnumMap; recognised by {@link #immutableCopy} so records do not copy it again. */
    private static final class EnumMapView extends java.util.AbstractMap<CdrField, String> {
        private final java.util.EnumMap<CdrField, String> map;

        EnumMapView(java.util.EnumMap<CdrField, String> map) {
            this.map = map;
        }

        @Override
        public java.util.Set<Entry<CdrField, String>> entrySet() {
            return java.util.Collections.unmodifiableMap(map).entrySet();
        }

        @Override
        public String get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    /** The CM names a customized record may use, for error messages. */
    public static String cmNames() {
        return Arrays.stream(values()).filter(CdrField::customizable).map(CdrField::cmName)
                .collect(Collectors.joining(", "));
    }
}
