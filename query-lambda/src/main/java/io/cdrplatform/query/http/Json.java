package io.cdrplatform.query.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * JSON output of the API: streamed with Jackson's generator, decimals written as plain exact
 * numbers (never through a binary float), instants as ISO-8601 UTC strings.
 */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private Json() {
    }

    public static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out, JsonEncoding.UTF8);
    }

    public static JsonGenerator generator(Writer out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /** ISO-8601 in UTC with millisecond precision, e.g. {@code 2024-01-15T10:35:00.000Z}; null stays null. */
    public static String instant(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    public static void writeInstantField(JsonGenerator json, String name, Instant value) throws IOException {
        json.writeStringField(name, instant(value));
    }

    /** Money and other exact decimals as a JSON string ({@code "0.020000"}), so no client parses it into a float. */
    public static void writeDecimalStringField(JsonGenerator json, String name, BigDecimal value) throws IOException {
        json.writeStringField(name, value == null ? null : value.toPlainString());
    }

    /** An opaque JSON value read from a BSON document (metadata, action parameters). */
    public static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                json.writeString(number.toString());
            } else {
                json.writeNumber(number);
            }
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (value instanceof Decimal128 decimal) {
            json.writeNumber(decimal.bigDecimalValue());
        } else if (value instanceof Date date) {
            json.writeString(instant(date.toInstant()));
        } else if (value instanceof Instant instant) {
            json.writeString(instant(instant));
        } else if (value instanceof ObjectId id) {
            json.writeString(id.toHexString());
        } else {
            json.writeString(value.toString());
        }
    }

    /** The compact JSON text of an opaque value (used for CSV cells). */
    public static String text(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = generator(out)) {
            writeValue(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
