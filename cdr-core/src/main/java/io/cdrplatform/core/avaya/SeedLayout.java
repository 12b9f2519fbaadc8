package io.cdrplatform.core.avaya;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's layout, {@code DDMMYY HHMM HMMSS called code calling}, e.g.
 * {@code 170925 1547 00252                    2434 0                2432}: ended 2025-09-17 15:47
 * PBX time, 0 h 02 m 52 s, called 2434, code 0, calling 2432. Fields after the duration are
 * separated by runs of spaces (the PBX pads them to columns), so it is read by pattern, not by
 * position. Its canonical form is exactly the one the bridge has always hashed, so spooled lines
 * and PostgreSQL rows of earlier versions keep their callIds.
 */
public final class SeedLayout implements RecordLayout {

    public static final String NAME = "seed";
    static final SeedLayout INSTANCE = new SeedLayout();

    private static final Pattern LAYOUT = Pattern.compile(
            "(\\d{6}) (\\d{4}) (\\d{5}) +(\\S{1,32}) +(\\S{1,8}) +(\\S{1,32})");
    private static final Pattern NUMBER = Pattern.compile("[0-9*#+]{1,32}");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z]{1,8}");
    private static final Set<CdrField> FIELDS = EnumSet.of(CdrField.DATE, CdrField.TIME, CdrField.SEED_DURATION,
            CdrField.DIALED_NUM, CdrField.SEED_CODE, CdrField.CALLING_NUM);

    private SeedLayout() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String source() {
        return "the seed project's bridge (CONTRACT section 5)";
    }

    @Override
    public DateOrder dateOrder() {
        return DateOrder.DAY_MONTH;
    }

    @Override
    public DurationUnit durationUnit() {
        return DurationUnit.HOURS_MINUTES_SECONDS;
    }

    @Override
    public Set<CdrField> fields() {
        return FIELDS;
    }

    @Override
    public boolean detectable() {
        return true;
    }

    @Override
    public Reading read(String line) {
        Matcher m = LAYOUT.matcher(line.strip());
        if (!m.matches()) {
            return new Failure("not in the layout DDMMYY HHMM HMMSS called code calling");
        }
        String called = m.group(4);
        String code = m.group(5);
        String calling = m.group(6);
        if (!NUMBER.matcher(called).matches() || !NUMBER.matcher(calling).matches()) {
            return new Failure("called and calling numbers must be digits, *, # or +");
        }
        if (!CODE.matcher(code).matches()) {
            return new Failure("call code must be letters or digits");
        }
        String canonical = String.join("|", m.group(1), m.group(2), m.group(3), called, code, calling);
        return new Fields(m.group(1), m.group(2), m.group(3),
                Map.of(CdrField.DIALED_NUM, called, CdrField.SEED_CODE, code, CdrField.CALLING_NUM, calling),
                canonical);
    }

    @Override
    public String mask(String line) {
        return line;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
