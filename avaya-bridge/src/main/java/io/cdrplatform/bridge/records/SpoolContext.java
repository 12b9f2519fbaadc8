package io.cdrplatform.bridge.records;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What the spool remembers beside a line so that a restart parses it exactly as it was parsed
 * when it was accepted: the PBX, its layout (by name; customized layouts are kept in
 * {@code layouts.properties}), the PBX's zone, the date of a layout without a date field (from the
 * last date record) and the interim records folded into a final record. Written as
 * {@code p=NAME;l=LAYOUT;z=ZONE;d=DATE;i=COUNT:SECONDS}; empty (the format earlier versions wrote)
 * for the default PBX's seed-layout lines, which are parsed with the configured zone.
 *
 * @param pbx            the PBX name, empty for the default PBX
 * @param layout         the layout name
 * @param zone           the PBX zone, null = the default PBX's configured zone
 * @param date           the date of a dateless layout, else null
 * @param interimRecords interim records folded into this final record
 * @param interimSeconds their summed duration
 */
public record SpoolContext(String pbx, String layout, ZoneId zone, LocalDate date, int interimRecords,
                           long interimSeconds) {

    /** The context of the default PBX's seed-layout lines. */
    public static final SpoolContext SEED = new SpoolContext("", "seed", null, null, 0, 0);

    public String encode() {
        if (equals(SEED)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (!pbx.isEmpty()) {
            out.append("p=").append(pbx).append(';');
        }
        out.append("l=").append(layout);
        if (zone != null) {
            out.append(";z=").append(zone.getId());
        }
        if (date != null) {
            out.append(";d=").append(date);
        }
        if (interimRecords > 0) {
            out.append(";i=").append(interimRecords).append(':').append(interimSeconds);
        }
        return out.toString();
    }

    /** The context of a spool entry; a malformed one is an {@link IllegalArgumentException}. */
    public static SpoolContext decode(String text) {
        if (text.isEmpty()) {
            return SEED;
        }
        String pbx = "";
        String layout = null;
        ZoneId zone = null;
        LocalDate date = null;
        int interim = 0;
        long seconds = 0;
        try {
            for (String part : text.split(";")) {
                int eq = part.indexOf('=');
                String value = part.substring(eq + 1);
                switch (part.substring(0, Math.max(eq, 0))) {
                    case "p" -> pbx = value;
                    case "l" -> layout = value;
                    case "z" -> zone = ZoneId.of(value);
                    case "d" -> date = LocalDate.parse(value);
                    case "i" -> {
                        int colon = value.indexOf(':');
                        interim = Integer.parseInt(value.substring(0, colon));
                        seconds = Long.parseLong(value.substring(colon + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown part " + part);
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("spool context " + text + " is malformed: " + e.getMessage(), e);
        }
        if (layout == null) {
            throw new IllegalArgumentException("spool context " + text + " names no layout");
        }
        return new SpoolContext(pbx, layout, zone, date, interim, seconds);
    }
}
