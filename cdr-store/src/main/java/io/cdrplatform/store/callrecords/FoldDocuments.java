package io.cdrplatform.store.callrecords;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.DtmfPress;
import io.cdrplatform.core.cdr.EndReport;
import io.cdrplatform.core.cdr.Stamped;
import io.cdrplatform.core.cdr.TriggeredAction;
import io.cdrplatform.core.event.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * The {@code fold} sub-document: everything needed to rebuild a call's {@link CallState}, so the
 * next batch can merge into it. Instants are ISO-8601 strings rather than BSON dates because BSON
 * dates keep milliseconds only, and the fold must give back exactly what it was given (a
 * redelivered DTMF press with a microsecond timestamp must be recognised as the same press).
 */
final class FoldDocuments {
    static final int FORMAT = 1;

    private FoldDocuments() {
    }

    static Document toDocument(CallState state) {
        Document fold = new Document("format", FORMAT)
                .append("campaignId", stamped(state.campaignId()))
                .append("contactId", stamped(state.contactId()))
                .append("phoneNumber", stamped(state.phoneNumber()))
                .append("source", stamped(state.source()))
                .append("firstEventAt", instant(state.firstEventAt()))
                .append("lastEventAt", instant(state.lastEventAt()))
                .append("initiatedAt", instant(state.initiatedAt()))
                .append("answeredAt", instant(state.answeredAt()));
        EndReport end = state.end();
        fold.append("end", end == null ? null : new Document("at", instant(end.endedAt()))
                .append("outcome", end.outcome().wireName())
                .append("startTime", instant(end.reportedStart()))
                .append("duration", end.reportedDuration()));
        List<Document> dtmf = new ArrayList<>(state.dtmfPresses().size());
        for (DtmfPress press : state.dtmfPresses()) {
            dtmf.add(new Document("digit", press.digit()).append("at", instant(press.at())));
        }
        fold.append("dtmf", dtmf);
        List<Document> actions = new ArrayList<>(state.actions().size());
        for (TriggeredAction action : state.actions()) {
            actions.add(new Document("type", action.type())
                    .append("parameters", BsonValues.toBsonDocument(action.parameters()))
                    .append("at", instant(action.at())));
        }
        fold.append("actions", actions);
        List<Document> metadata = new ArrayList<>(state.metadata().size());
        state.metadata().forEach((key, stamped) -> metadata.add(new Document("key", key)
                .append("value", BsonValues.toBson(stamped.value()))
                .append("at", instant(stamped.at()))));
        fold.append("metadata", metadata);
        return fold;
    }

    /** The state back; throws {@link IllegalArgumentException} for a document this code did not write. */
    static CallState fromDocument(String callId, Document fold) {
        if (fold == null) {
            throw new IllegalArgumentException("the record has no fold sub-document");
        }
        Object format = fold.get("format");
        if (!(format instanceof Number number) || number.intValue() != FORMAT) {
            throw new IllegalArgumentException("unknown fold format " + format);
        }
        try {
            Stamped<String> campaignId = stampedText(fold.get("campaignId", Document.class));
            Document end = fold.get("end", Document.class);
            EndReport endReport = end == null ? null : new EndReport(
                    parse(end.getString("at")),
                    Outcome.fromWireName(end.getString("outcome"))
                            .orElseThrow(() -> new IllegalArgumentException("unknown outcome " + end.get("outcome"))),
                    parse(end.getString("startTime")),
                    longOrNull(end.get("duration")));
            List<DtmfPress> dtmf = new ArrayList<>();
            for (Document press : fold.getList("dtmf", Document.class, List.of())) {
                dtmf.add(new DtmfPress(press.getString("digit"), parse(press.getString("at"))));
            }
            List<TriggeredAction> actions = new ArrayList<>();
            for (Document action : fold.getList("actions", Document.class, List.of())) {
                actions.add(new TriggeredAction(action.getString("type"),
                        BsonValues.fromBsonDocument(action.get("parameters")), parse(action.getString("at"))));
            }
            Map<String, Stamped<Object>> metadata = new TreeMap<>();
            for (Document entry : fold.getList("metadata", Document.class, List.of())) {
                metadata.put(entry.getString("key"),
                        new Stamped<>(BsonValues.fromBson(entry.get("value")), parse(entry.getString("at"))));
            }
            return new CallState(
                    callId,
                    campaignId,
                    stampedText(fold.get("contactId", Document.class)),
                    stampedText(fold.get("phoneNumber", Document.class)),
                    stampedText(fold.get("source", Document.class)),
                    parse(fold.getString("firstEventAt")),
                    parse(fold.getString("lastEventAt")),
                    parse(fold.getString("initiatedAt")),
                    parse(fold.getString("answeredAt")),
                    endReport,
                    dtmf,
                    actions,
                    metadata);
        } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("malformed fold: " + e.getMessage(), e);
        }
    }

    private static Document stamped(Stamped<String> stamped) {
        return stamped == null ? null : new Document("value", stamped.value()).append("at", instant(stamped.at()));
    }

    private static Stamped<String> stampedText(Document document) {
        return document == null ? null : new Stamped<>(document.getString("value"), parse(document.getString("at")));
    }

    private static String instant(Instant instant) {
        return instant == null ? null : FoldInstants.format(instant);
    }

    private static Instant parse(String text) {
        return text == null ? null : FoldInstants.parse(text);
    }

    private static Long longOrNull(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
