package io.cdrplatform.query.stats;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrplatform.core.stats.CampaignStats;
import io.cdrplatform.core.stats.DestinationCost;
import io.cdrplatform.core.stats.HourBucket;
import io.cdrplatform.query.http.Json;
import java.io.IOException;
import java.time.ZoneId;

/** The stats JSON: the contract's field names; rates are exact decimals (4 places), totalCost a decimal string. */
public final class StatsJsonWriter {

    private StatsJsonWriter() {
    }

    public static void write(JsonGenerator json, String campaignId, ZoneId zone, CampaignStats stats) throws IOException {
        json.writeStartObject();
        json.writeStringField("campaignId", campaignId);
        json.writeNumberField("totalAttempts", stats.totalAttempts());
        json.writeNumberField("answered", stats.answered());
        json.writeNumberField("answerRate", stats.answerRate());
        json.writeNumberField("converted", stats.converted());
        json.writeNumberField("conversionRate", stats.conversionRate());
        json.writeNumberField("busy", stats.busy());
        json.writeNumberField("failed", stats.failed());
        json.writeNumberField("noAnswer", stats.noAnswer());
        json.writeNumberField("voicemail", stats.voicemail());
        json.writeNumberField("optedOut", stats.optedOut());
        json.writeNumberField("activeCalls", stats.activeCalls());
        json.writeNumberField("totalDurationSeconds", stats.totalDurationSeconds());
        json.writeNumberField("averageDurationSeconds", stats.averageDurationSeconds());
        Json.writeDecimalStringField(json, "totalCost", stats.totalCost());
        json.writeNumberField("billableSeconds", stats.billableSeconds());
        json.writeArrayFieldStart("costByDestination");
        for (DestinationCost destination : stats.costByDestination()) {
            json.writeStartObject();
            json.writeStringField("rateName", destination.rateName());
            json.writeNumberField("calls", destination.calls());
            json.writeNumberField("billableSeconds", destination.billableSeconds());
            Json.writeDecimalStringField(json, "cost", destination.cost());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("tz", zone.getId());
        json.writeArrayFieldStart("byHour");
        for (HourBucket bucket : stats.byHour()) {
            json.writeStartObject();
            json.writeNumberField("hour", bucket.hour());
            json.writeNumberField("attempts", bucket.attempts());
            json.writeNumberField("answered", bucket.answered());
            json.writeNumberField("answerRate", bucket.answerRate());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
