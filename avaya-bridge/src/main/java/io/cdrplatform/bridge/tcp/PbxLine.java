package io.cdrplatform.bridge.tcp;

import io.cdrplatform.bridge.spool.SpoolLine;

/** What the decoding stage makes of one framed line: a record to spool, or a line to reject. */
public sealed interface PbxLine {

    /**
     * A line in its PBX's record layout: what the spool keeps (the line with the authorization
     * code masked, its parse context, and the parsed record) and its callId for logs.
     */
    record Accepted(SpoolLine spoolLine, String callId) implements PbxLine {
    }

    /** A line the bridge cannot take, with the text as received (or its start; masked) and why. */
    record Rejected(String text, String reason) implements PbxLine {
    }
}
