package io.cdrplatform.query.cdrs;

import io.cdrplatform.store.callrecords.CdrView;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrplatform.query.http.Json;
import java.io.IOException;
import java.util.Map;

/** The CDR JSON of the API: view fields in a fixed order, instants ISO-8601 UTC, cost a decimal string. */
public final class CdrJsonWriter {

    private CdrJsonWriter() {
    }

    public static void writePage(JsonGenerator json, Iterable<CdrView> items, String nextCursor) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("items");
        for (CdrView cdr : items) {
            write(json, cdr);
        }
        json.writeEndArray();
        json.writeStringField("nextCursor", nextCursor);
        json.writeEndObject();
    }

    public static void write(JsonGenerator json, CdrView cdr) throws IOException {
        json.writeStartObject();
        json.writeStringField("callId", cdr.callId());
        json.writeStringField("campaignId", cdr.campaignId());
        json.writeStringField("contactId", cdr.contactId());
        json.writeStringField("phoneNumber", cdr.phoneNumber());
        json.writeStringField("source", cdr.source());
        json.writeStringField("status", cdr.status());
        json.writeStringField("outcome", cdr.outcome());
        if (cdr.answered() == null) {
            json.writeNullField("answered");
        } else {
            json.writeBooleanField("answered", cdr.answered());
        }
        Json.writeInstantField(json, "startTime", cdr.startTime());
        Json.writeInstantField(json, "answeredAt", cdr.answeredAt());
        Json.writeInstantField(json, "endTime", cdr.endTime());
        if (cdr.duration() == null) {
            json.writeNullField("duration");
        } else {
            json.writeNumberField("duration", cdr.duration());
        }
        Json.writeDecimalStringField(json, "cost", cdr.cost());
        if (cdr.billableSeconds() == null) {
            json.writeNullField("billableSeconds");
        } else {
            json.writeNumberField("billableSeconds", cdr.billableSeconds());
        }
        json.writeStringField("ratePrefix", cdr.ratePrefix());
        json.writeStringField("rateName", cdr.rateName());
        json.writeArrayFieldStart("dtmfInputs");
        for (String digit : cdr.dtmfInputs()) {
            json.writeString(digit);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("actionsTriggered");
        for (CdrView.ActionView action : cdr.actionsTriggered()) {
            json.writeStartObject();
            json.writeStringField("type", action.type());
            json.writeFieldName("parameters");
            Json.writeValue(json, action.parameters());
            Json.writeInstantField(json, "timestamp", action.timestamp());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeFieldName("metadata");
        Json.writeValue(json, cdr.metadata() == null ? Map.of() : cdr.metadata());
        Json.writeInstantField(json, "lastEventAt", cdr.lastEventAt());
        Json.writeInstantField(json, "createdAt", cdr.createdAt());
        Json.writeInstantField(json, "updatedAt", cdr.updatedAt());
        json.writeEndObject();
    }
}
