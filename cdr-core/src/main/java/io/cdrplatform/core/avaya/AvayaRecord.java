package io.cdrplatform.core.avaya;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * One parsed Avaya CM call record, of any layout.
 *
 * @param pbx             the PBX it came from; empty for the bridge's default PBX
 * @param layout          the name of its layout ({@code seed}, {@code teleseer}, {@code custom-...})
 * @param zone            the zone of the PBX clock the record was written in
 * @param endDate         the PBX-local date the call ended (from the record, or its date record)
 * @param endTime         the PBX-local minute the call ended
 * @param durationSeconds the duration in seconds (0 when unknown)
 * @param durationKnown   false for CM's {@code 9999}: the clock was changed during the call
 * @param fields          every text field the layout carries, trimmed, blank ones left out; never the authorization code
 * @param endedAt         end date and time in the PBX time zone, as an instant
 * @param startedAt       {@code endedAt} minus the duration (plus the 10-hour interim records folded in)
 * @param callId          deterministic: the same record of the same PBX always yields the same id
 * @param rawLine         the line as received, NULs removed, the authorization code masked
 * @param interimRecords  interim (10-hour) records of this call folded into it, 0 normally
 */
public record AvayaRecord(
        String pbx,
        String layout,
        ZoneId zone,
        LocalDate endDate,
        LocalTime endTime,
        long durationSeconds,
        boolean durationKnown,
        Map<CdrField, String> fields,
        Instant endedAt,
        Instant startedAt,
        String callId,
        String rawLine,
        int interimRecords) {

    public AvayaRecord {
        Objects.requireNonNull(pbx, "pbx");
        fields = CdrField.immutableCopy(fields);
    }

    /** The PBX-local wall-clock time the call started (the seed's {@code avaya_cdr.date}). */
    public java.time.LocalDateTime localStart() {
        return java.time.LocalDateTime.ofInstant(startedAt, zone);
    }

    public String field(CdrField field) {
        return fields.get(field);
    }

    /** The dialed (called) number, or empty. */
    public String calledNumber() {
        return fields.getOrDefault(CdrField.DIALED_NUM, "");
    }

    /** The calling number (or, for {@code clg-num/in-tac}, the incoming trunk access code), or empty. */
    public String callingNumber() {
        String calling = fields.get(CdrField.CALLING_NUM);
        return calling != null ? calling : fields.getOrDefault(CdrField.CLG_NUM_IN_TAC, "");
    }

    /** The seed layout's code column, or null for other layouts. */
    public String callCode() {
        return fields.get(CdrField.SEED_CODE);
    }

    /** CM's condition code, or null when the layout has none (the seed's). */
    public String conditionCode() {
        return fields.get(CdrField.COND_CODE);
    }

    /**
     * This final record with the interim records of its call folded in: the call started
     * {@code priorSeconds} before this record's own start, and lasted that much longer.
     */
    public AvayaRecord withInterim(int count, long priorSeconds) {
        return new AvayaRecord(pbx, layout, zone, endDate, endTime, durationSeconds + priorSeconds, durationKnown, fields,
                endedAt, startedAt.minusSeconds(priorSeconds), callId, rawLine, interimRecords + count);
    }
}
