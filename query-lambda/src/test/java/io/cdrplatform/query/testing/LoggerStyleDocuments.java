package io.cdrplatform.query.testing;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.ingest.CallWrite;
import io.cdrplatform.store.callrecords.CallRecordCodec;
import java.time.Instant;
import java.util.List;
import org.bson.Document;

/**
 * Builds {@code call_records} documents exactly as the cdr-logger writes them (its own
 * {@link CallRecordCodec}), from call events folded with the real {@link CdrFold}, so the
 * query tests read what production stores.
 */
public final class LoggerStyleDocuments {

    private final CdrFold fold;

    public LoggerStyleDocuments(Tariff tariff) {
        this.fold = new CdrFold(tariff);
    }

    public static LoggerStyleDocuments withDefaultTariff() {
        return new LoggerStyleDocuments(Tariff.defaults());
    }

    /** The document of a call after {@code events} (one write per event), last written at {@code writtenAt}. */
    public Document document(List<CallEvent> events, Instant writtenAt) {
        CallState state = fold.applyAll(null, events);
        return CallRecordCodec.newDocument(new CallWrite(state, fold.toCdr(state), events.size() - 1L), writtenAt);
    }

    public Cdr cdr(List<CallEvent> events) {
        return fold.toCdr(fold.applyAll(null, events));
    }
}
