package io.cdrplatform.bridge.spool;

import java.time.Instant;

/**
 * One accepted PBX line as kept in the spool.
 *
 * @param seq        its position in the spool, counted from 0 since the spool was created; never reused
 * @param receivedAt when the bridge read it from the PBX connection
 * @param line       the line as received (NULs removed, no line end), ISO-8859-1 text
 */
public record SpoolEntry(long seq, Instant receivedAt, String line) {
}
