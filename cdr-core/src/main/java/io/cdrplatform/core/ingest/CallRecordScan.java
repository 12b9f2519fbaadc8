package io.cdrplatform.core.ingest;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One pass over the stored call records, all of them or one campaign's (MongoDB {@code call_records}
 * in production), for recomputing what is derived from them. Read-only. A store that cannot be
 * reached throws an unchecked exception.
 */
public interface CallRecordScan {

    /** About how many records {@link #forEach} will hand over (for progress reports only); {@code campaignId} null: all. */
    long approximateCount(String campaignId);

    /** The distinct campaign ids of the stored records. */
    java.util.Set<String> campaignIds();

    /** Hands over each record of the campaign ({@code campaignId} null: of every campaign) once, in no set order. */
    void forEach(String campaignId, Consumer<ScannedCall> action);

    /**
     * One stored record: its call read back ({@code call}), or why it cannot be ({@code unreadable});
     * {@code lastWrite} is when it was last written, null when the record does not say.
     */
    record ScannedCall(String callId, StoredCall call, String unreadable, Instant lastWrite) {
        public ScannedCall {
            Objects.requireNonNull(callId, "callId");
            if ((call == null) == (unreadable == null)) {
                throw new IllegalArgumentException("a scanned call is either read back or unreadable");
            }
        }

        public static ScannedCall read(String callId, StoredCall call, Instant lastWrite) {
            return new ScannedCall(callId, Objects.requireNonNull(call, "call"), null, lastWrite);
        }

        public static ScannedCall unreadable(String callId, String why, Instant lastWrite) {
            return new ScannedCall(callId, null, Objects.requireNonNull(why, "why"), lastWrite);
        }
    }
}
