package io.cdrplatform.query.cdrs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;

/** Reads the view fields of a {@code call_records} document (the schema agreed with the logger). */
final class CdrDocuments {

    /** Fields the API never shows; left out by the query projection. */
    static final List<String> HIDDEN_FIELDS = List.of("_id", "version", "fold", "statsBuckets");

    private CdrDocuments() {
    }

    static CdrView toView(Document document) {
        return new CdrView(
                document.getString("callId"),
                document.getString("campaignId"),
                string(document.get("contactId")),
                string(document.get("phoneNumber")),
                string(document.get("source")),
                string(document.get("status")),
                string(document.get("outcome")),
                document.get("answered") instanceof Boolean answered ? answered : null,
                instant(document.get("startTime")),
                instant(document.get("answeredAt")),
                instant(document.get("endTime")),
                document.get("duration") instanceof Number duration ? duration.longValue() : null,
                decimal(document.get("cost")),
                digits(document.get("dtmfInputs")),
                actions(document.get("actionsTriggered")),
                object(document.get("metadata")),
                instant(document.get("lastEventAt")),
                instant(document.get("createdAt")),
                instant(document.get("updatedAt")));
    }

    static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : null;
    }

    static BigDecimal decimal(Object value) {
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Long || value instanceof Integer) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double number) {
            // never written by the logger (cost is Decimal128); read exactly as printed if someone did
            return new BigDecimal(number.toString());
        }
        return null;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> digits(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<String> digits = new ArrayList<>(list.size());
        for (Object digit : list) {
            digits.add(String.valueOf(digit));
        }
        return List.copyOf(digits);
    }

    private static List<CdrView.ActionView> actions(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<CdrView.ActionView> actions = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof Document action) {
                actions.add(new CdrView.ActionView(string(action.get("type")), object(action.get("parameters")),
                        instant(action.get("timestamp"))));
            }
        }
        return List.copyOf(actions);
    }

    private static Map<String, Object> object(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, inner) -> copy.put(String.valueOf(key), inner));
        return copy;
    }
}
