package io.cdrplatform.bridge.spool;

/**
 * A line to append to the spool.
 *
 * @param line       the text as the PBX sent it (NULs removed, authorization code masked)
 * @param context    how it is to be parsed again after a restart ({@code SpoolContext}); empty for the
 *                   default PBX's seed layout; never holds a TAB, CR, LF or comma
 * @param attachment what the decoding stage parsed it into, handed to the sinks while in memory
 *                   (so the line is parsed once); may be null
 */
public record SpoolLine(String line, String context, Object attachment) {

    public static SpoolLine of(String line) {
        return new SpoolLine(line, "", null);
    }
}
