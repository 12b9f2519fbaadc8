package io.cdrplatform.core.avaya;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A layout of fixed character positions: CM's standard formats and customized records. Each
 * {@link Slot} is one field (or one part of a field CM splits, such as the ISDN TELESEER's INS) at a
 * 0-based start with a length. A line shorter than the layout is read as if padded with spaces (a
 * trailing blank field may have been trimmed on the way); a longer one is refused unless the layout
 * is {@code openEnded} (only its documented prefix is read). Every character must be printable
 * ASCII; every {@code space} slot must hold spaces (that, with the length, is what tells layouts apart).
 */
public final class FixedLayout implements RecordLayout {

    /** One field, or one part of a split field, at {@code start} (0-based) for {@code length} characters. */
    public record Slot(CdrField field, int start, int length) {
        public Slot {
            Objects.requireNonNull(field, "field");
            if (start < 0 || length < 1) {
                throw new IllegalArgumentException("bad slot " + field + " at " + start + " length " + length);
            }
        }

        int end() {
            return start + length;
        }
    }

    private final String name;
    private final String source;
    private final List<Slot> slots;
    private final int length;
    private final boolean openEnded;
    private final DateOrder dateOrder;
    private final DurationUnit durationUnit;
    private final Set<CdrField> fields;
    private final List<Slot> secrets;
    private final String spec;
    /** Text fields in the order of their first slot (the canonical form's order). */
    private final List<CdrField> textFields;
    /** Text fields CM splits over several slots (ISDN TELESEER's INS). */
    private final Set<CdrField> split;

    FixedLayout(String name, String source, List<Slot> slots, int length, boolean openEnded, DateOrder dateOrder) {
        this(name, source, slots, length, openEnded, dateOrder, null);
    }

    private FixedLayout(String name, String source, List<Slot> slots, int length, boolean openEnded,
                        DateOrder dateOrder, String spec) {
        this.spec = spec;
        this.name = name;
        this.source = source;
        this.slots = List.copyOf(slots);
        this.length = length;
        this.openEnded = openEnded;
        EnumSet<CdrField> carried = EnumSet.noneOf(CdrField.class);
        List<Slot> secretSlots = new ArrayList<>();
        boolean[] taken = new boolean[length];
        for (Slot slot : this.slots) {
            if (slot.end() > length) {
                throw new IllegalArgumentException(name + ": " + slot.field().cmName() + " ends past the record length "
                        + length);
            }
            for (int i = slot.start(); i < slot.end(); i++) {
                if (taken[i]) {
                    throw new IllegalArgumentException(name + ": position " + (i + 1) + " is used twice");
                }
                taken[i] = true;
            }
            if (slot.field().kind() == CdrField.Kind.SECRET) {
                secretSlots.add(slot);
            }
            if (slot.field().kind() != CdrField.Kind.FILLER) {
                carried.add(slot.field());
            }
        }
        if (!carried.contains(CdrField.TIME)) {
            throw new IllegalArgumentException(name + ": a record layout needs the time field");
        }
        boolean tenths = carried.contains(CdrField.DURATION);
        boolean seconds = carried.contains(CdrField.SEC_DUR);
        if (tenths == seconds) {
            throw new IllegalArgumentException(name + ": a record layout needs exactly one of duration and sec-dur");
        }
        if (carried.contains(CdrField.CALLING_NUM) && carried.contains(CdrField.CLG_NUM_IN_TAC)) {
            throw new IllegalArgumentException(name + ": calling-num and clg-num/in-tac are the same item; use one");
        }
        this.durationUnit = tenths ? DurationUnit.HOURS_MINUTES_TENTHS : DurationUnit.SECONDS;
        this.dateOrder = carried.contains(CdrField.DATE) ? Objects.requireNonNull(dateOrder, "dateOrder") : null;
        this.fields = Collections.unmodifiableSet(carried);
        this.secrets = List.copyOf(secretSlots);
        List<CdrField> text = new ArrayList<>();
        EnumSet<CdrField> twice = EnumSet.noneOf(CdrField.class);
        for (Slot slot : this.slots) {
            if (slot.field().isText()) {
                if (text.contains(slot.field())) {
                    twice.add(slot.field());
                } else {
                    text.add(slot.field());
                }
            }
        }
        this.textFields = List.copyOf(text);
        this.split = Collections.unmodifiableSet(twice);
    }

    /**
     * A customized record as CM's {@code system-parameters cdr} form lists it: items in order, each
     * {@code name,length}, separated by {@code ;} (or line breaks), e.g.
     * {@code date,6;space,1;time,4;space,1;sec-dur,5;space,1;cond-code,1;return,1;line-feed,1}.
     * {@code return}, {@code line-feed} and {@code null} end the record (the framer takes them off).
     * The layout's name is {@code custom-} and a digest of the items and the date order, so the
     * same description always names the same layout.
     */
    public static FixedLayout customized(String spec, DateOrder dateOrder) {
        List<Slot> slots = new ArrayList<>();
        int position = 0;
        boolean ended = false;
        StringBuilder canonical = new StringBuilder();
        String[] items = spec.strip().split("\\s*[;\\n]\\s*");
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            if (item.isEmpty()) {
                continue;
            }
            String where = "customized record item " + (i + 1) + " (" + item + ")";
            String[] parts = item.split("\\s*,\\s*");
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + ": expected name,length");
            }
            CdrField field = CdrField.byCmName(parts[0]).orElseThrow(() -> new IllegalArgumentException(
                    where + ": unknown data item; known: " + CdrField.cmNames()));
            int width;
            try {
                width = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": the length is not a number", e);
            }
            checkWidth(where, field, width);
            canonical.append(field.cmName()).append(',').append(width).append(';');
            if (field.kind() == CdrField.Kind.TERMINATOR) {
                ended = true;
                continue;
            }
            if (ended) {
                throw new IllegalArgumentException(where + ": nothing may follow return, line-feed or null");
            }
            if (field != CdrField.SPACE && slots.stream().anyMatch(s -> s.field() == field)) {
                throw new IllegalArgumentException(where + ": the item appears twice");
            }
            slots.add(new Slot(field, position, width));
            position += width;
        }
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("the customized record lists no data items");
        }
        boolean dated = slots.stream().anyMatch(s -> s.field() == CdrField.DATE);
        String order = dated ? dateOrder.name() : "";
        String name = "custom-" + digest(canonical + "|" + order);
        return new FixedLayout(name, "customized (system-parameters cdr): " + canonical, slots, position, false,
                dated ? dateOrder : null, canonical.toString());
    }

    private static void checkWidth(String where, CdrField field, int width) {
        int min = 1;
        int max = switch (field.kind()) {
            case DATE -> 6;
            case TIME, DURATION_TENTHS -> 4;
            case DURATION_SECONDS -> 9;
            case FILLER -> 64;
            case TERMINATOR -> 1;
            default -> CdrField.MAX_TEXT_LENGTH;
        };
        if (field.kind() == CdrField.Kind.DATE || field.kind() == CdrField.Kind.TIME
                || field.kind() == CdrField.Kind.DURATION_TENTHS || field.kind() == CdrField.Kind.TERMINATOR) {
            min = max;
        }
        if (field == CdrField.COND_CODE) {
            min = 1;
            max = 1;
        }
        if (width < min || width > max) {
            throw new IllegalArgumentException(where + ": " + field.cmName() + " must be "
                    + (min == max ? Integer.toString(min) : min + ".." + max) + " characters long");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public DateOrder dateOrder() {
        return dateOrder;
    }

    @Override
    public DurationUnit durationUnit() {
        return durationUnit;
    }

    @Override
    public Set<CdrField> fields() {
        return fields;
    }

    @Override
    public boolean detectable() {
        return !openEnded;
    }

    /** Characters of a full record (without line end); for an open-ended layout, of its documented prefix. */
    public int length() {
        return length;
    }

    /** The customized record's description in canonical form ({@code name,length;...}), null for a standard format. */
    public String spec() {
        return spec;
    }

    public boolean openEnded() {
        return openEnded;
    }

    public List<Slot> slots() {
        return slots;
    }

    @Override
    public Reading read(String line) {
        int n = line.length();
        if (n > length && !openEnded) {
            return new Failure("a line of " + n + " characters is longer than the " + length + " of layout " + name);
        }
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return new Failure("control or non-ASCII character at position " + (i + 1));
            }
        }
        String text = n >= length ? line : line + " ".repeat(length - n);
        String date = null;
        String time = null;
        String duration = null;
        EnumMap<CdrField, String> values = new EnumMap<>(CdrField.class);
        StringBuilder canonical = new StringBuilder(name.length() + length + 16).append(name).append('|');
        int textStart = -1;
        for (Slot slot : slots) {
            int from = slot.start();
            int to = slot.end();
            switch (slot.field().kind()) {
                case FILLER -> {
                    for (int i = from; i < to; i++) {
                        if (text.charAt(i) != ' ') {
                            return new Failure("position " + (i + 1) + " of layout " + name + " should be a space");
                        }
                    }
                }
                case SECRET, TERMINATOR -> {
                    // never read
                }
                case DATE -> {
                    if (!digits(text, from, to)) {
                        return new Failure("date at position " + (from + 1) + " must be 6 digits");
                    }
                    date = text.substring(from, to);
                }
                case TIME -> {
                    if (!digits(text, from, to)) {
                        return new Failure("time at position " + (from + 1) + " must be 4 digits (HHMM)");
                    }
                    time = text.substring(from, to);
                }
                case DURATION_TENTHS -> {
                    if (!digits(text, from, to)) {
                        return new Failure("duration at position " + (from + 1) + " must be 4 digits (H MM T)");
                    }
                    duration = text.substring(from, to);
                }
                case DURATION_SECONDS -> {
                    int a = skipSpaces(text, from, to);
                    int b = trimSpaces(text, a, to);
                    if (a == b || !digits(text, a, b)) {
                        return new Failure("sec-dur at position " + (from + 1) + " must be digits");
                    }
                    duration = text.substring(a, b);
                }
                default -> {
                    if (split.contains(slot.field())) {
                        String part = text.substring(from, to);
                        values.merge(slot.field(), part, String::concat);
                    } else {
                        int a = skipSpaces(text, from, to);
                        int b = trimSpaces(text, a, to);
                        if (a < b) {
                            values.put(slot.field(), text.substring(a, b));
                        }
                    }
                }
            }
        }
        for (CdrField field : split) {
            String joined = values.remove(field);
            if (joined != null && !joined.isBlank()) {
                values.put(field, joined.strip());
            }
        }
        String code = values.get(CdrField.COND_CODE);
        if (fields.contains(CdrField.COND_CODE) && (code == null || !Character.isLetterOrDigit(code.charAt(0)))) {
            return new Failure("condition code must be a digit or a letter");
        }
        canonical.append(date == null ? "" : date).append('|').append(time).append('|').append(duration);
        for (CdrField field : textFields) {
            String value = values.get(field);
            canonical.append('|').append(value == null ? "" : value);
        }
        return new Fields(date, time, duration, values, canonical.toString());
    }

    private static int skipSpaces(String text, int from, int to) {
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        return from;
    }

    private static int trimSpaces(String text, int from, int to) {
        while (to > from && text.charAt(to - 1) == ' ') {
            to--;
        }
        return to;
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return to > from;
    }

    @Override
    public String mask(String line) {
        if (secrets.isEmpty()) {
            return line;
        }
        char[] chars = null;
        for (Slot slot : secrets) {
            int end = Math.min(slot.end(), line.length());
            for (int i = slot.start(); i < end; i++) {
                if (line.charAt(i) != ' ') {
                    if (chars == null) {
                        chars = line.toCharArray();
                    }
                    chars[i] = '*';
                }
            }
        }
        return chars == null ? line : new String(chars);
    }

    /**
     * A line of this layout from field values (text left-adjusted, digits right-adjusted with
     * zeros, everything else spaces): for tests, benchmarks and load drivers. Values longer than
     * their field are an error.
     */
    public String render(Map<CdrField, String> values) {
        char[] out = " ".repeat(length).toCharArray();
        Map<CdrField, Integer> used = new EnumMap<>(CdrField.class);
        for (Slot slot : slots) {
            String value = values.get(slot.field());
            if (value == null) {
                continue;
            }
            String cell;
            if (slot.field().kind() == CdrField.Kind.DURATION_SECONDS) {
                cell = "0".repeat(Math.max(0, slot.length() - value.length())) + value;
            } else {
                int from = used.getOrDefault(slot.field(), 0);
                cell = value.substring(Math.min(from, value.length()), Math.min(value.length(), from + slot.length()));
                used.put(slot.field(), from + slot.length());
            }
            if (cell.length() > slot.length()) {
                throw new IllegalArgumentException(slot.field().cmName() + " value " + value + " is longer than "
                        + slot.length());
            }
            cell.getChars(0, cell.length(), out, slot.start());
        }
        return new String(out);
    }

    private static String cell(String line, Slot slot) {
        int n = line.length();
        if (slot.end() <= n) {
            return line.substring(slot.start(), slot.end());
        }
        String part = slot.start() < n ? line.substring(slot.start()) : "";
        return part + " ".repeat(slot.length() - part.length());
    }

    private static String digest(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
