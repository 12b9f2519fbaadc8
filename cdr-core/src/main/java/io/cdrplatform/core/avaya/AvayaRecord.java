package io.cdrplatform.core.avaya;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * One parsed Avaya CM call record of the seed layout {@code DDMMYY HHMM HMMSS called code calling}.
 *
 * @param endDate         the PBX-local date the call ended
 * @param endTime         the PBX-local minute the call ended
 * @param durationSeconds the duration field (H MM SS) in seconds
 * @param endedAt         end date and time in the PBX time zone, as an instant
 * @param startedAt       {@code endedAt} minus the duration
 * @param callId          deterministic: the same record always yields the same id
 * @param rawLine         the line as received, NULs removed
 */
public record AvayaRecord(
        LocalDate endDate,
        LocalTime endTime,
        long durationSeconds,
        String calledNumber,
        String callCode,
        String callingNumber,
        Instant endedAt,
        Instant startedAt,
        String callId,
        String rawLine) {
}
