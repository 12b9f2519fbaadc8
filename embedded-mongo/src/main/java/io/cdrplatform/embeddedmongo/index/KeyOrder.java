package io.cdrplatform.embeddedmongo.index;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The order of index key values: mongo-java-server's own sort order ({@code ValueComparator}: null and
 * missing first, then numbers, strings, object ids, booleans, dates) made total, so that an H2 B-tree
 * can hold it.
 *
 * <p>Two levels. <em>Coarse</em> order is what queries and sorts see: type rank, then for numbers their
 * double value (as mongo-java-server compares mixed numbers), for the other types their natural order.
 * <em>Fine</em> order breaks coarse ties between numbers that only differ beyond a double's precision
 * (a Decimal128 with 20 digits), by exact value. Query bounds ({@link Bound}) compare coarsely, so a
 * bound on 1 reaches {@code 1}, {@code 1.0}, {@code NumberLong(1)} and {@code NumberDecimal("1.0")} alike,
 * as the query matcher does.
 *
 * <p>Values of other types (sub-documents, arrays, binary, timestamps, regular expressions, min/max
 * keys) are <em>irregular</em>: stored as one marker that sorts after everything else, and a document
 * holding one in an indexed field makes its index unusable for queries (see {@link SecondaryIndex}).
 */
final class KeyOrder {

    static final int NULL = 0;
    static final int NUMBER = 1;
    static final int STRING = 2;
    static final int OBJECT_ID = 3;
    static final int BOOLEAN = 4;
    static final int DATE = 5;
    static final int IRREGULAR = 6;

    /** The stored stand-in for a value of an irregular type. */
    static final Object IRREGULAR_VALUE = new Object() {
        @Override
        public String toString() {
            return "<irregular>";
        }
    };

    private KeyOrder() {
    }

    /** The value as the index stores it: null for null and missing, the value itself if regular, else {@link #IRREGULAR_VALUE}. */
    static Object canonical(Object value) {
        if (Missing.isNullOrMissing(value)) {
            return null;
        }
        return isRegular(value) ? value : IRREGULAR_VALUE;
    }

    static boolean isRegular(Object value) {
        return Missing.isNullOrMissing(value) || rank(value) != IRREGULAR;
    }

    static int rank(Object value) {
        if (value == null || value instanceof Missing) {
            return NULL;
        } else if (value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Decimal128) {
            return NUMBER;
        } else if (value instanceof String) {
            return STRING;
        } else if (value instanceof ObjectId) {
            return OBJECT_ID;
        } else if (value instanceof Boolean) {
            return BOOLEAN;
        } else if (value instanceof Instant) {
            return DATE;
        }
        return IRREGULAR;
    }

    /** Coarse comparison of two canonical values (no bounds). */
    static int coarse(Object a, Object b) {
        int rankA = rank(a);
        int rankB = rank(b);
        if (rankA != rankB) {
            return Integer.compare(rankA, rankB);
        }
        return switch (rankA) {
            case NUMBER -> compareDoubles(((Number) a).doubleValue(), ((Number) b).doubleValue());
            case STRING -> ((String) a).compareTo((String) b);
            case OBJECT_ID -> ((ObjectId) a).compareTo((ObjectId) b);
            case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
            case DATE -> ((Instant) a).compareTo((Instant) b);
            default -> 0;
        };
    }

    /** Total comparison of two stored canonical values: coarse, then exact value for numbers. */
    static int total(Object a, Object b) {
        int coarse = coarse(a, b);
        if (coarse != 0 || rank(a) != NUMBER) {
            return coarse;
        }
        BigDecimal exactA = exact((Number) a);
        BigDecimal exactB = exact((Number) b);
        return exactA == null || exactB == null ? 0 : exactA.compareTo(exactB);
    }

    /** As mongo-java-server orders doubles ({@code -0.0 == 0.0}, NaN above all), a total order. */
    private static int compareDoubles(double a, double b) {
        if (a < b) {
            return -1;
        } else if (a > b) {
            return 1;
        } else if (a == b) {
            return 0;
        }
        return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
    }

    /** The exact value of a finite number, null for NaN and the infinities (they are equal to themselves coarsely). */
    private static BigDecimal exact(Number number) {
        if (number instanceof Integer || number instanceof Long) {
            return BigDecimal.valueOf(number.longValue());
        } else if (number instanceof Decimal128 decimal) {
            double asDouble = decimal.doubleValue();
            return Double.isNaN(asDouble) || Double.isInfinite(asDouble) ? null : decimal.toBigDecimal();
        }
        double asDouble = number.doubleValue();
        return Double.isNaN(asDouble) || Double.isInfinite(asDouble) ? null : new BigDecimal(asDouble);
    }

    /**
     * A position in value order between stored values: just below ({@code side < 0}) or just above
     * ({@code side > 0}) every value coarsely equal to {@code value}, or equal to all of them
     * ({@code side == 0}: only for values whose coarse class holds one stored value, i.e. not numbers);
     * {@link #MIN} and {@link #MAX} lie below and above every value.
     */
    record Bound(Object value, int side) {
        static final Bound MIN = new Bound(null, -2);
        static final Bound MAX = new Bound(null, 2);

        static Bound at(Object value) {
            return new Bound(value, 0);
        }

        static Bound below(Object value) {
            return new Bound(value, -1);
        }

        static Bound above(Object value) {
            return new Bound(value, 1);
        }

        /** This bound against a stored value or another bound, in ascending value order. */
        int compareTo(Object other) {
            if (this == other) {
                return 0;
            }
            if (side == MIN.side || side == MAX.side) {
                return other instanceof Bound bound && bound.side == side ? 0 : Integer.signum(side);
            }
            if (other instanceof Bound bound) {
                if (bound.side == MIN.side || bound.side == MAX.side) {
                    return -Integer.signum(bound.side);
                }
                int coarse = coarse(value, bound.value);
                return coarse != 0 ? coarse : Integer.compare(side, bound.side);
            }
            int coarse = coarse(value, other);
            return coarse != 0 ? coarse : side;
        }
    }

    /** Ascending value order of two key components, either of which may be a {@link Bound}. */
    static int component(Object a, Object b) {
        if (a instanceof Bound bound) {
            return bound.compareTo(b);
        } else if (b instanceof Bound bound) {
            return -bound.compareTo(a);
        }
        return total(a, b);
    }
}
