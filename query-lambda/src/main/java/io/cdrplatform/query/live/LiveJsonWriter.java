package io.cdrplatform.query.live;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.query.http.Json;
import java.io.IOException;
import java.util.Map;

/**
 * {@code {"campaignId", "totalAttempts", "activeCalls", ..., "lastActivity", "actions": {type: count},
 * "rebuilding": bool}}; {@code rebuilding} true while the counters may be short (being rebuilt from MongoDB).
 */
public final class LiveJsonWriter {

    private LiveJsonWriter() {
    }

    public static void write(JsonGenerator json, LiveCounters live) throws IOException {
        json.writeStartObject();
        json.writeStringField("campaignId", live.campaignId());
        for (Map.Entry<Counter, Long> counter : live.counters().entrySet()) {
            json.writeNumberField(counter.getKey().jsonName(), counter.getValue());
        }
        Json.writeInstantField(json, "lastActivity", live.lastActivity());
        json.writeObjectFieldStart("actions");
        for (Map.Entry<String, Long> action : live.actions().entrySet()) {
            json.writeNumberField(action.getKey(), action.getValue());
        }
        json.writeEndObject();
        json.writeBooleanField("rebuilding", live.rebuilding());
        json.writeEndObject();
    }
}
