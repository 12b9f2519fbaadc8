package io.cdrplatform.bridge.spool;

import java.time.Instant;

/**
 * One accepted PBX line as kept in the spool.
 *
 * @param seq        its position in the spool, counted from 0 since the spool was created; never reused
 * @param receivedAt when the bridge read it from the PBX connection
 * @param line       the line as received (NULs removed, no line end, authorization code masked), ISO-8859-1 text
 * @param context    how to parse it (PBX, layout, zone, date), empty for the default PBX's seed layout
 * @param parsed     what the decoding stage made of it when it was accepted, if still in memory
 *                   (null after a restart: the line is parsed again from the line and its context)
 */
public record SpoolEntry(long seq, Instant receivedAt, String line, String context, Object parsed) {

    public SpoolEntry(long seq, Instant receivedAt, String line) {
        this(seq, receivedAt, line, "", null);
    }
}
