package io.cdrplatform.core.avaya;

import static io.cdrplatform.core.avaya.CdrField.ACCT_CODE;
import static io.cdrplatform.core.avaya.CdrField.ATTD_CONSOLE;
import static io.cdrplatform.core.avaya.CdrField.AUTH_CODE;
import static io.cdrplatform.core.avaya.CdrField.BCC;
import static io.cdrplatform.core.avaya.CdrField.CALLING_NUM;
import static io.cdrplatform.core.avaya.CdrField.CODE_DIAL;
import static io.cdrplatform.core.avaya.CdrField.CODE_USED;
import static io.cdrplatform.core.avaya.CdrField.COND_CODE;
import static io.cdrplatform.core.avaya.CdrField.DIALED_NUM;
import static io.cdrplatform.core.avaya.CdrField.DURATION;
import static io.cdrplatform.core.avaya.CdrField.FEAT_FLAG;
import static io.cdrplatform.core.avaya.CdrField.FRL;
import static io.cdrplatform.core.avaya.CdrField.INS;
import static io.cdrplatform.core.avaya.CdrField.IN_CRT_ID;
import static io.cdrplatform.core.avaya.CdrField.IN_TRK_CODE;
import static io.cdrplatform.core.avaya.CdrField.IXC_CODE;
import static io.cdrplatform.core.avaya.CdrField.MA_UUI;
import static io.cdrplatform.core.avaya.CdrField.NODE_NUM;
import static io.cdrplatform.core.avaya.CdrField.OUT_CRT_ID;
import static io.cdrplatform.core.avaya.CdrField.PPM;
import static io.cdrplatform.core.avaya.CdrField.RES_FLAG;
import static io.cdrplatform.core.avaya.CdrField.SPACE;
import static io.cdrplatform.core.avaya.CdrField.TIME;

import io.cdrplatform.core.avaya.FixedLayout.Slot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of record layouts: the seed's (the default) and CM's standard formats, by name;
 * customized records are built from their description ({@link FixedLayout#customized}).
 *
 * <p>Positions are CM's published tables (1-based there, 0-based here): TELESEER and ISDN
 * TELESEER from the DEFINITY ECS R8.2 Administrator's Guide (555-233-506, tables 27 and 28) and
 * the MultiVantage Administrator's Guide (October 2002, table 33); Printer from R8.2 table 31
 * (positions 1-77, the rest of the record is not read); Expanded from MultiVantage table 44
 * (positions 1-64, the rest not read); Int-ISDN from R8.2 table 44 and the CM Administrator's Guide
 * (November 2003, table 52), positions 73-75 and 114-119 not read. A layout whose full length is
 * not documented here is not {@link RecordLayout#detectable()}: {@code auto} never picks it.
 * Standard formats carry no date: CM sends date records ({@code MM DD} or {@code MMDD}).
 */
public final class RecordLayouts {

    public static final RecordLayout SEED = SeedLayout.INSTANCE;

    public static final FixedLayout TELESEER = new FixedLayout("teleseer",
            "DEFINITY ECS R8.2 Administrator's Guide table 27; MultiVantage Administrator's Guide (2002) table 33",
            List.of(sp(1, 3), slot(TIME, 4, 4), slot(DURATION, 8, 4), slot(COND_CODE, 12, 1), slot(CODE_DIAL, 13, 3),
                    slot(CODE_USED, 16, 3), slot(DIALED_NUM, 19, 15), slot(CALLING_NUM, 34, 5), slot(ACCT_CODE, 39, 15),
                    slot(FRL, 54, 1), slot(IXC_CODE, 55, 1), slot(IN_CRT_ID, 56, 3), slot(OUT_CRT_ID, 59, 3),
                    slot(FEAT_FLAG, 62, 1), slot(AUTH_CODE, 63, 7), sp(70, 7)),
            76, false, null);

    public static final FixedLayout ISDN_TELESEER = new FixedLayout("isdn-teleseer",
            "DEFINITY ECS R8.2 Administrator's Guide table 28",
            // INS is split: hundreds and tens at 70-71, units at 54 (read in that order).
            List.of(sp(1, 3), slot(TIME, 4, 4), slot(DURATION, 8, 4), slot(COND_CODE, 12, 1), slot(IXC_CODE, 13, 3),
                    slot(CODE_USED, 16, 3), slot(DIALED_NUM, 19, 15), slot(CALLING_NUM, 34, 5), slot(ACCT_CODE, 39, 15),
                    slot(INS, 70, 2), slot(INS, 54, 1), slot(FRL, 55, 1), slot(IN_CRT_ID, 56, 3),
                    slot(OUT_CRT_ID, 59, 3), slot(FEAT_FLAG, 62, 1), slot(AUTH_CODE, 63, 7), sp(72, 5)),
            76, false, null);

    public static final FixedLayout PRINTER = new FixedLayout("printer",
            "DEFINITY ECS R8.2 Administrator's Guide table 31 (positions 1-77)",
            List.of(slot(TIME, 1, 4), sp(5, 1), slot(DURATION, 6, 4), sp(10, 1), slot(COND_CODE, 11, 1), sp(12, 1),
                    slot(CODE_DIAL, 13, 3), sp(16, 1), slot(CODE_USED, 17, 3), sp(20, 1), slot(DIALED_NUM, 21, 15),
                    sp(36, 1), slot(CALLING_NUM, 37, 5), sp(42, 1), slot(ACCT_CODE, 43, 15), sp(58, 1),
                    slot(AUTH_CODE, 59, 7), sp(66, 4), slot(FRL, 70, 1), sp(71, 1), slot(IXC_CODE, 72, 1), sp(73, 1),
                    slot(IN_CRT_ID, 74, 3), sp(77, 1)),
            77, true, null);

    /** Positions 1-64, the same in Expanded and Int-ISDN. */
    private static final List<Slot> EXPANDED_FIRST_64 = List.of(slot(TIME, 1, 4), sp(5, 1), slot(DURATION, 6, 4),
            sp(10, 1), slot(COND_CODE, 11, 1), sp(12, 1), slot(CODE_DIAL, 13, 4), sp(17, 1), slot(CODE_USED, 18, 4),
            sp(22, 1), slot(DIALED_NUM, 23, 15), sp(38, 1), slot(CALLING_NUM, 39, 10), sp(49, 1),
            slot(ACCT_CODE, 50, 15));

    public static final FixedLayout EXPANDED = new FixedLayout("expanded",
            "MultiVantage Administrator's Guide (2002) table 44 (positions 1-64)", EXPANDED_FIRST_64, 64, true, null);

    public static final FixedLayout INT_ISDN = new FixedLayout("int-isdn",
            "DEFINITY ECS R8.2 Administrator's Guide table 44; CM Administrator's Guide (2003) table 52",
            concat(EXPANDED_FIRST_64, sp(65, 1), slot(AUTH_CODE, 66, 7), slot(FRL, 76, 1), sp(77, 1),
                    slot(IN_CRT_ID, 78, 3), sp(81, 1),
                    slot(OUT_CRT_ID, 82, 3), sp(85, 1), slot(FEAT_FLAG, 86, 1), sp(87, 1), slot(ATTD_CONSOLE, 88, 2),
                    sp(90, 1), slot(IN_TRK_CODE, 91, 4), sp(95, 1), slot(NODE_NUM, 96, 2), sp(98, 1),
                    slot(INS, 99, 3), sp(102, 1), slot(IXC_CODE, 103, 4), sp(107, 1), slot(BCC, 108, 1), sp(109, 1),
                    slot(MA_UUI, 110, 1), sp(111, 1), slot(RES_FLAG, 112, 1), sp(113, 1), slot(PPM, 120, 5),
                    sp(125, 7)),
            131, false, null);

    private static List<Slot> concat(List<Slot> first, Slot... rest) {
        List<Slot> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(rest));
        return all;
    }

    private static final Map<String, RecordLayout> BY_NAME = new LinkedHashMap<>();

    static {
        for (RecordLayout layout : List.of(SEED, TELESEER, ISDN_TELESEER, PRINTER, EXPANDED, INT_ISDN)) {
            BY_NAME.put(layout.name(), layout);
        }
    }

    private RecordLayouts() {
    }

    /** Every named layout, the seed's first. */
    public static List<RecordLayout> named() {
        return List.copyOf(BY_NAME.values());
    }

    /** The named layouts {@code auto} chooses among. */
    public static List<RecordLayout> detectable() {
        return BY_NAME.values().stream().filter(RecordLayout::detectable).toList();
    }

    public static Optional<RecordLayout> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /**
     * A layout from its configuration text: a registry name, or a customized record description
     * (anything with a comma: {@code date,6;space,1;...}, optionally after {@code custom:}).
     */
    public static RecordLayout resolve(String text, RecordLayout.DateOrder dateOrder) {
        String spec = text.strip();
        if (spec.regionMatches(true, 0, "custom:", 0, 7)) {
            return FixedLayout.customized(spec.substring(7), dateOrder);
        }
        if (spec.contains(",")) {
            return FixedLayout.customized(spec, dateOrder);
        }
        return byName(spec).orElseThrow(() -> new IllegalArgumentException("unknown record format " + spec
                + "; known: " + String.join(", ", BY_NAME.keySet()) + ", auto, or a customized record such as "
                + "date,6;space,1;time,4;space,1;sec-dur,5;..."));
    }

    /** Slots from 1-based positions, as CM's tables give them. */
    private static Slot slot(CdrField field, int position, int length) {
        return new Slot(field, position - 1, length);
    }

    private static Slot sp(int position, int length) {
        return slot(SPACE, position, length);
    }

}
