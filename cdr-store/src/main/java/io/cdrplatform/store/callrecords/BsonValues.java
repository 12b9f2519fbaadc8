package io.cdrplatform.store.callrecords;

import io.cdrplatform.core.event.JsonValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * Opaque JSON values (metadata, action parameters) to and from what the MongoDB driver stores.
 * Integers are Int64, fractions doubles; integers beyond 64 bits become Decimal128 (up to 34
 * digits; longer ones are kept as their decimal string).
 */
final class BsonValues {
    private static final int DECIMAL128_DIGITS = 34;

    private BsonValues() {
    }

    static Object toBson(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                return big.longValue();
            }
            return big.abs().toString().length() <= DECIMAL128_DIGITS ? new Decimal128(new BigDecimal(big)) : big.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.precision() <= DECIMAL128_DIGITS ? new Decimal128(decimal)
                    : new Decimal128(decimal.round(MathContext.DECIMAL128));
        }
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            map.forEach((key, inner) -> document.put(String.valueOf(key), toBson(inner)));
            return document;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object inner : list) {
                out.add(toBson(inner));
            }
            return out;
        }
        return value.toString();
    }

    static Document toBsonDocument(Map<String, Object> object) {
        return (Document) toBson(object);
    }

    /** The inverse of {@link #toBson}, normalized like a freshly parsed event (sorted, unmodifiable, Long integers). */
    static Object fromBson(Object value) {
        if (value == null) {
            return null;
        }
        return JsonValues.immutableObject(Collections.singletonMap("v", plain(value))).get("v");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> fromBsonDocument(Object value) {
        if (value == null) {
            return Map.of();
        }
        return JsonValues.immutableObject((Map<String, Object>) plain(value));
    }

    private static Object plain(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Decimal128 decimal) {
            BigDecimal big = decimal.bigDecimalValue();
            if (big.scale() <= 0) {
                BigInteger integer = big.toBigIntegerExact();
                return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
            }
            return big;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((key, inner) -> out.put(String.valueOf(key), plain(inner)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object inner : list) {
                out.add(plain(inner));
            }
            return out;
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        return value;
    }
}
