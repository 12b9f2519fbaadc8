package io.cdrplatform.bridge.rejected;

import io.cdrplatform.bridge.spool.SpoolEntry;
import io.cdrplatform.core.text.SafeText;
import java.time.Clock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a spooled line leaves the spool without being delivered to a sink: a line that no
 * longer parses, or one a sink refuses for good (SNS: the sender's fault; PostgreSQL: a data
 * error). It is logged (ERROR, control bytes escaped), counted and written to the rejected-lines
 * file with peer {@code spool:<line number>} and the reason prefixed by the sink's name, so one bad
 * line can never hold back the lines after it. The line is the spooled one: its authorization code
 * was masked before it was spooled.
 */
public final class SetAside {

    private static final Logger log = LoggerFactory.getLogger(SetAside.class);

    private final RejectedLinesFile rejectedLines;
    private final LongConsumer counter;
    private final Clock clock;

    public SetAside(RejectedLinesFile rejectedLines, LongConsumer counter, Clock clock) {
        this.rejectedLines = rejectedLines;
        this.counter = counter;
        this.clock = clock;
    }

    /** Sets the entry aside for {@code sink}; {@code callId} and {@code campaignId} may be null. */
    public void entry(String sink, SpoolEntry entry, String reason, String callId, String campaignId) {
        counter.accept(1);
        log.atError().addKeyValue("callId", callId).addKeyValue("campaignId", campaignId).addKeyValue("sink", sink)
                .addKeyValue("line", SafeText.escape(entry.line()))
                .log("spool line {} cannot go to {} and goes to the rejected-lines file: {}", entry.seq(), sink,
                        SafeText.escape(reason));
        try {
            rejectedLines.write(clock.instant(), "spool:" + entry.seq(), sink + ": " + reason, entry.line());
        } catch (RuntimeException e) {
            log.error("could not write to the rejected-lines file", e);
        }
    }
}
