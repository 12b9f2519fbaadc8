package io.cdrplatform.bridge.tcp;

import io.cdrplatform.core.avaya.AvayaRecord;

/** What the decoding stage makes of one framed line: a record to spool, or a line to reject. */
public sealed interface PbxLine {

    /** A line in the record layout; {@code record.rawLine()} is what the spool keeps. */
    record Accepted(AvayaRecord record) implements PbxLine {
    }

    /** A line the bridge cannot take, with the text as received (or its start) and why. */
    record Rejected(String text, String reason) implements PbxLine {
    }
}
