package io.cdrplatform.query.cdrs;

import io.cdrplatform.store.callrecords.CdrView;
import io.cdrplatform.query.http.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * The CSV export (RFC 4180): a header row, then one row per CDR, CRLF line ends, UTF-8. A cell is
 * quoted when it holds a comma, a quote, CR or LF (quotes doubled inside). Instants are ISO-8601
 * UTC, cost a plain decimal, {@code dtmfInputs} the digits in pressed order, and the structured
 * fields ({@code actionsTriggered}, {@code metadata}) compact JSON. An absent value is an empty cell.
 * Streams: memory use does not grow with the number of rows.
 *
 * <p>Text that came from call events is neutralised against spreadsheet formula injection
 * (CWE-1236, as OWASP describes): such a cell starting with {@code = + - @}, a tab or a CR gets a
 * single quote in front and is always quoted, so a spreadsheet shows it as text and the original
 * follows the quote. A cell that starts with a quote gets one more, so stripping one leading quote
 * from any cell that has one restores the original exactly. A cell that is a plain number ({@code +15550100},
 * {@code -12}, {@code +1.5}: a sign, digits, at most one decimal point) is left alone: a spreadsheet
 * reads it as that number and nothing else, so it cannot carry a formula, and an E.164 phone number
 * stays usable. The cells this class formats itself ({@code answered}, the instants,
 * {@code duration}, {@code cost}) are left alone: a negative number there is a number, not a formula.
 */
public final class CdrCsvWriter {

    /** The columns, in order; a new column is only ever appended. */
    public static final List<String> COLUMNS = List.of("callId", "campaignId", "contactId", "phoneNumber", "source",
            "status", "outcome", "answered", "startTime", "answeredAt", "endTime", "duration", "cost", "dtmfInputs",
            "actionsTriggered", "metadata", "lastEventAt", "createdAt", "updatedAt", "billableSeconds", "ratePrefix",
            "rateName");

    /**
     * First characters that make a spreadsheet read a cell as a formula (OWASP's list), and the
     * quote itself, so that one leading quote is always ours and removing it gives the original.
     */
    private static final String PREFIXED_STARTS = "=+-@\t\r'";
    private static final char NEUTRALISER = '\'';

    private CdrCsvWriter() {
    }

    /** Writes the header and every CDR of {@code cdrs}; returns the number of rows. */
    public static long write(Iterator<CdrView> cdrs, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        writeRow(writer, COLUMNS);
        long rows = 0;
        while (cdrs.hasNext()) {
            writeRow(writer, cells(cdrs.next()));
            rows++;
        }
        writer.flush();
        return rows;
    }

    static List<String> cells(CdrView cdr) {
        return java.util.Arrays.asList(
                inert(cdr.callId()),
                inert(cdr.campaignId()),
                inert(cdr.contactId()),
                inert(cdr.phoneNumber()),
                inert(cdr.source()),
                inert(cdr.status()),
                inert(cdr.outcome()),
                cdr.answered() == null ? null : cdr.answered().toString(),
                instant(cdr.startTime()),
                instant(cdr.answeredAt()),
                instant(cdr.endTime()),
                cdr.duration() == null ? null : cdr.duration().toString(),
                decimal(cdr.cost()),
                inert(String.join("", cdr.dtmfInputs())),
                inert(cdr.actionsTriggered().isEmpty() ? "[]" : Json.text(actions(cdr))),
                inert(Json.text(cdr.metadata())),
                instant(cdr.lastEventAt()),
                instant(cdr.createdAt()),
                instant(cdr.updatedAt()),
                cdr.billableSeconds() == null ? null : cdr.billableSeconds().toString(),
                inert(cdr.ratePrefix()),
                inert(cdr.rateName()));
    }

    static void writeRow(Writer writer, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writeCell(writer, cells.get(i));
        }
        writer.write("\r\n");
    }

    /**
     * An event-supplied cell a spreadsheet would run as a formula, made inert: {@code '} in front
     * (the original text follows it unchanged), and quoted by {@link #writeCell}. Others as they are.
     */
    static String inert(String cell) {
        return cell != null && !cell.isEmpty() && PREFIXED_STARTS.indexOf(cell.charAt(0)) >= 0 && !isSignedNumber(cell)
                ? NEUTRALISER + cell
                : cell;
    }

    /** A sign, then digits with at most one decimal point between digits: all a spreadsheet makes of it is that number. */
    private static boolean isSignedNumber(String cell) {
        if (cell.length() < 2 || (cell.charAt(0) != '+' && cell.charAt(0) != '-')) {
            return false;
        }
        boolean point = false;
        for (int i = 1; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '.' && !point && i > 1 && i < cell.length() - 1) {
                point = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static void writeCell(Writer writer, String cell) throws IOException {
        if (cell == null || cell.isEmpty()) {
            return;
        }
        boolean quote = cell.charAt(0) == NEUTRALISER;
        for (int i = 0; i < cell.length() && !quote; i++) {
            char c = cell.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            writer.write(cell);
            return;
        }
        writer.write('"');
        writer.write(cell.replace("\"", "\"\""));
        writer.write('"');
    }

    private static List<Object> actions(CdrView cdr) {
        return cdr.actionsTriggered().stream().<Object>map(action -> {
            java.util.Map<String, Object> entry = new java.util.LinkedHashMap<>();
            entry.put("type", action.type());
            entry.put("parameters", action.parameters());
            entry.put("timestamp", action.timestamp());
            return entry;
        }).toList();
    }

    private static String instant(Instant instant) {
        return Json.instant(instant);
    }

    private static String decimal(BigDecimal decimal) {
        return decimal == null ? null : decimal.toPlainString();
    }
}
