package io.cdrplatform.bridge.spool;

import java.util.List;

/**
 * Entries read from the spool, and the position after them ({@code endSeq}): what a sink marks
 * delivered once it has taken every entry. A corrupt spool line is skipped (logged) but still
 * counted in {@code endSeq}, so the batch can be empty while the position moves on.
 */
public record SpoolBatch(List<SpoolEntry> entries, long endSeq) {
    public SpoolBatch {
        entries = List.copyOf(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
