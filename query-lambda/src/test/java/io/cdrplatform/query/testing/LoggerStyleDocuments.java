package io.cdrplatform.query.testing;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cdr.TriggeredAction;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * Builds {@code call_records} documents in the schema agreed with the logger, from call events
 * folded with the real {@link CdrFold}, so test data looks like what the logger writes.
 */
public final class LoggerStyleDocuments {

    private final CdrFold fold;

    public LoggerStyleDocuments(Tariff tariff) {
        this.fold = new CdrFold(tariff);
    }

    public static LoggerStyleDocuments withDefaultTariff() {
        return new LoggerStyleDocuments(Tariff.defaults());
    }

    /** The document of a call after {@code events}, written at {@code writtenAt}. */
    public Document document(List<CallEvent> events, Instant writtenAt) {
        CallState state = fold.applyAll(null, events);
        return document(fold.toCdr(state), events.size(), writtenAt, writtenAt);
    }

    public Cdr cdr(List<CallEvent> events) {
        return fold.toCdr(fold.applyAll(null, events));
    }

    public static Document document(Cdr cdr, long version, Instant createdAt, Instant updatedAt) {
        List<Document> actions = new ArrayList<>();
        for (TriggeredAction action : cdr.actionsTriggered()) {
            actions.add(new Document("type", action.type())
                    .append("parameters", bson(action.parameters()))
                    .append("timestamp", date(action.at())));
        }
        return new Document("_id", cdr.callId())
                .append("callId", cdr.callId())
                .append("campaignId", cdr.campaignId())
                .append("contactId", cdr.contactId())
                .append("phoneNumber", cdr.phoneNumber())
                .append("source", cdr.source())
                .append("status", cdr.status().wireName())
                .append("outcome", cdr.outcome() == null ? null : cdr.outcome().wireName())
                .append("answered", cdr.reachedAnswered())
                .append("startTime", date(cdr.startTime()))
                .append("answeredAt", date(cdr.answeredAt()))
                .append("endTime", date(cdr.endTime()))
                .append("duration", cdr.durationSeconds())
                .append("cost", cdr.cost() == null ? null : new Decimal128(cdr.cost().setScale(Tariff.SCALE)))
                .append("dtmfInputs", cdr.dtmfInputs())
                .append("actionsTriggered", actions)
                .append("metadata", bson(cdr.metadata()))
                .append("lastEventAt", date(cdr.lastEventAt()))
                .append("createdAt", date(createdAt))
                .append("updatedAt", date(updatedAt))
                .append("version", version)
                // the logger's internal fold state; the API must never show it
                .append("fold", new Document("internal", true).append("firstEventAt", date(cdr.startTime())));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    @SuppressWarnings("unchecked")
    private static Object bson(Object value) {
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            ((Map<String, Object>) map).forEach((key, inner) -> document.append(key, bson(inner)));
            return document;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(LoggerStyleDocuments::bson).toList();
        }
        if (value instanceof BigDecimal decimal) {
            return new Decimal128(decimal);
        }
        return value;
    }
}
