package io.cdrplatform.logger.mongo;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.ingest.StoredCall;
import io.cdrplatform.core.stats.bucket.StatsBucketKey;
import io.cdrplatform.store.stats.StatsBucketCodec;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;

/** Reads a {@code call_records} document (with at least {@code version} and {@code fold}; {@code statsBuckets} when written) back into a {@link StoredCall}. */
public final class StoredCallRecords {

    private StoredCallRecords() {
    }

    /** Either the call, or why the document cannot be read back. */
    public record Decoded(StoredCall call, String error) {
    }

    public static Decoded decode(String callId, Document document) {
        try {
            CallState state = FoldDocuments.fromDocument(callId, document.get("fold", Document.class));
            Object version = document.get("version");
            if (!(version instanceof Number number) || number.longValue() < 1) {
                return new Decoded(null, "the record has no version");
            }
            Set<StatsBucketKey> statsBuckets = new TreeSet<>();
            if (document.get(CallRecordDocuments.STATS_BUCKETS) instanceof List<?> ids) {
                for (Object id : ids) {
                    statsBuckets.add(StatsBucketCodec.keyOf(String.valueOf(id)));
                }
            }
            return new Decoded(new StoredCall(state, number.longValue(), statsBuckets), null);
        } catch (IllegalArgumentException | ClassCastException e) {
            return new Decoded(null, e.getMessage());
        }
    }
}
