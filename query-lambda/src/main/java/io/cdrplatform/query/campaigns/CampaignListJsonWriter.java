package io.cdrplatform.query.campaigns;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrplatform.query.live.LiveCounters;
import io.cdrplatform.query.live.LiveJsonWriter;
import java.io.IOException;

/** {@code {"items": [<the /live answer of each campaign>], "nextCursor": "..." or null}}. */
public final class CampaignListJsonWriter {

    private CampaignListJsonWriter() {
    }

    public static void write(JsonGenerator json, CampaignListService.Page page) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("items");
        for (LiveCounters item : page.items()) {
            LiveJsonWriter.write(json, item);
        }
        json.writeEndArray();
        json.writeStringField("nextCursor", page.next() == null ? null : page.next().encode());
        json.writeEndObject();
    }
}
