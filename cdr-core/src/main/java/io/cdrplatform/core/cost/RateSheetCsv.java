package io.cdrplatform.core.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A carrier's rate sheet as CSV ({@code import-rates}): a header row naming the columns
 * {@code prefix}, {@code name}, {@code ratePerMinute}, {@code connectionFee}, {@code increment} (in
 * any order, case, and with or without spaces, {@code _} or {@code -}), then one rate per row:
 *
 * <pre>
 * prefix,name,ratePerMinute,connectionFee,increment
 * 44,United Kingdom,0.0100,0,60/60
 * 447,United Kingdom - Mobile,0.0500,0.0200,30/6
 * x24,"Site B, internal",0.0010,,1/1
 * </pre>
 *
 * A prefix is the digits of an E.164 number (a leading {@code +} is dropped) or {@code x} and an
 * extension's leading digits; an empty connection fee is 0 and an empty increment {@code 60/60}.
 * Fields may be quoted ({@code "..."}, {@code ""} for a quote). Blank lines are skipped. Every row is
 * checked; each bad row is reported with its line number (1 = the header), and a sheet with any
 * error gives no rates at all.
 */
public final class RateSheetCsv {

    /** At most this many errors are reported (a wrong file would otherwise give one per line). */
    public static final int MAX_ERRORS = 20;
    private static final List<String> COLUMNS = List.of("prefix", "name", "ratePerMinute", "connectionFee", "increment");
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("prefix", "prefix"), Map.entry("destinationprefix", "prefix"),
            Map.entry("name", "name"), Map.entry("destination", "name"),
            Map.entry("rateperminute", "ratePerMinute"), Map.entry("priceperminute", "ratePerMinute"),
            Map.entry("rate", "ratePerMinute"),
            Map.entry("connectionfee", "connectionFee"), Map.entry("fee", "connectionFee"),
            Map.entry("increment", "increment"), Map.entry("billingincrement", "increment"));

    private RateSheetCsv() {
    }

    /** The rates of the sheet (all valid from {@code validFrom}), or the errors found (then no rates). */
    public record Parsed(List<Rate> rates, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public static Parsed parse(Reader input, Instant validFrom) throws IOException {
        BufferedReader reader = new BufferedReader(input);
        List<String> errors = new ArrayList<>();
        List<Rate> rates = new ArrayList<>();
        Map<String, Integer> lineOfPrefix = new HashMap<>();
        Map<String, Integer> columns = null;
        int lineNumber = 0;
        int rejected = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> cells;
            try {
                cells = cells(line);
            } catch (IllegalArgumentException e) {
                rejected += report(errors, lineNumber, e.getMessage());
                if (columns == null) {
                    break;
                }
                continue;
            }
            if (columns == null) {
                try {
                    columns = header(cells);
                } catch (IllegalArgumentException e) {
                    report(errors, lineNumber, e.getMessage());
                    break;
                }
                continue;
            }
            try {
                Rate rate = row(cells, columns, validFrom);
                Integer earlier = lineOfPrefix.putIfAbsent(rate.prefix(), lineNumber);
                if (earlier != null) {
                    throw new IllegalArgumentException("prefix " + rate.prefix() + " is already on line " + earlier);
                }
                rates.add(rate);
            } catch (IllegalArgumentException e) {
                rejected += report(errors, lineNumber, e.getMessage());
            }
        }
        if (columns == null && errors.isEmpty()) {
            errors.add("the file is empty: expected a header row " + String.join(",", COLUMNS));
        } else if (errors.isEmpty() && rates.isEmpty()) {
            errors.add("the sheet has a header and no rates");
        }
        if (rejected > MAX_ERRORS) {
            errors.add("... and " + (rejected - MAX_ERRORS) + " more bad rows");
        }
        return errors.isEmpty() ? new Parsed(List.copyOf(rates), List.of()) : new Parsed(List.of(), List.copyOf(errors));
    }

    private static int report(List<String> errors, int lineNumber, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add("line " + lineNumber + ": " + message);
        }
        return 1;
    }

    private static Map<String, Integer> header(List<String> cells) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String key = cells.get(i).trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
            String column = ALIASES.get(key);
            if (column == null) {
                throw new IllegalArgumentException("unknown column '" + cells.get(i).trim() + "' in the header; expected "
                        + String.join(",", COLUMNS));
            }
            if (columns.putIfAbsent(column, i) != null) {
                throw new IllegalArgumentException("column " + column + " appears twice in the header");
            }
        }
        for (String required : List.of("prefix", "name", "ratePerMinute")) {
            if (!columns.containsKey(required)) {
                throw new IllegalArgumentException("the header has no " + required + " column; expected "
                        + String.join(",", COLUMNS));
            }
        }
        return columns;
    }

    private static Rate row(List<String> cells, Map<String, Integer> columns, Instant validFrom) {
        if (cells.size() != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " fields, found " + cells.size());
        }
        String prefix = cell(cells, columns, "prefix");
        if (prefix.startsWith("+")) {
            prefix = prefix.substring(1);
        }
        String name = cell(cells, columns, "name");
        BigDecimal price = decimal("rate per minute", cell(cells, columns, "ratePerMinute"), null);
        BigDecimal fee = decimal("connection fee", cell(cells, columns, "connectionFee"), BigDecimal.ZERO);
        String increment = cell(cells, columns, "increment");
        return new Rate(prefix, name, price, fee,
                increment.isEmpty() ? BillingIncrement.PER_MINUTE : BillingIncrement.parse(increment), validFrom, null);
    }

    private static String cell(List<String> cells, Map<String, Integer> columns, String column) {
        Integer index = columns.get(column);
        return index == null ? "" : cells.get(index).trim();
    }

    private static BigDecimal decimal(String what, String text, BigDecimal whenEmpty) {
        if (text.isEmpty()) {
            if (whenEmpty == null) {
                throw new IllegalArgumentException(what + " is empty");
            }
            return whenEmpty;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a decimal number like 0.0125");
        }
    }

    /** The fields of one line; quoted fields may hold commas and doubled quotes. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                cell.setLength(0);
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw new IllegalArgumentException("text after a closing quote");
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted field is not closed");
        }
        cells.add(cell.toString());
        return cells;
    }
}
