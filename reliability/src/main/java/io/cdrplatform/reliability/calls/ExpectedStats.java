package io.cdrplatform.reliability.calls;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** What {@code GET /campaigns/{id}/stats} must answer, field by field. */
public record ExpectedStats(
        long totalAttempts,
        long answered,
        BigDecimal answerRate,
        long converted,
        BigDecimal conversionRate,
        long busy,
        long failed,
        long noAnswer,
        long voicemail,
        long optedOut,
        long activeCalls,
        long totalDurationSeconds,
        BigDecimal averageDurationSeconds,
        BigDecimal totalCost,
        List<Hour> byHour) {

    public record Hour(int hour, long attempts, long answered, BigDecimal answerRate) {
    }

    /** Every field of the answer that differs, as readable sentences. */
    public List<String> differences(JsonNode actual) {
        List<String> out = new ArrayList<>();
        count(out, actual, "totalAttempts", totalAttempts);
        count(out, actual, "answered", answered);
        decimal(out, actual, "answerRate", answerRate);
        count(out, actual, "converted", converted);
        decimal(out, actual, "conversionRate", conversionRate);
        count(out, actual, "busy", busy);
        count(out, actual, "failed", failed);
        count(out, actual, "noAnswer", noAnswer);
        count(out, actual, "voicemail", voicemail);
        count(out, actual, "optedOut", optedOut);
        count(out, actual, "activeCalls", activeCalls);
        count(out, actual, "totalDurationSeconds", totalDurationSeconds);
        decimal(out, actual, "averageDurationSeconds", averageDurationSeconds);
        decimal(out, actual, "totalCost", totalCost);
        JsonNode hours = actual.path("byHour");
        if (hours.size() != 24) {
            out.add("byHour: expected 24 entries, got " + hours.size());
            return out;
        }
        for (Hour hour : byHour) {
            JsonNode got = hours.get(hour.hour());
            if (got.path("hour").asInt() != hour.hour() || got.path("attempts").asLong() != hour.attempts()
                    || got.path("answered").asLong() != hour.answered()
                    || got.path("answerRate").decimalValue().compareTo(hour.answerRate()) != 0) {
                out.add("byHour[" + hour.hour() + "]: expected " + hour + ", got " + got);
            }
        }
        return out;
    }

    private static void count(List<String> out, JsonNode actual, String field, long expected) {
        JsonNode value = actual.path(field);
        if (!value.isIntegralNumber() || value.asLong() != expected) {
            out.add(field + ": expected " + expected + ", got " + value);
        }
    }

    private static void decimal(List<String> out, JsonNode actual, String field, BigDecimal expected) {
        JsonNode value = actual.path(field);
        BigDecimal got = value.isNumber() ? value.decimalValue() : value.isTextual() ? new BigDecimal(value.asText()) : null;
        if (got == null || got.compareTo(expected) != 0) {
            out.add(field + ": expected " + expected + ", got " + value);
        }
    }
}
