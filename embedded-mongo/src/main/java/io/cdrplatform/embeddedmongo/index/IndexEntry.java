package io.cdrplatform.embeddedmongo.index;

import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * One key of a secondary index: the document's values of the indexed fields (canonical, see
 * {@link KeyOrder}) and its position in the collection (its {@code _id}), which makes every key unique
 * and orders documents with equal values as the collection's own map orders them.
 *
 * <p>A search key holds {@link KeyOrder.Bound}s instead of values and {@link #LOWEST} or {@link #HIGHEST}
 * as position; it is never stored.
 */
record IndexEntry(Object[] values, Object position) {

    /** Search-key positions below and above every document position. */
    static final Object LOWEST = new Object();
    static final Object HIGHEST = new Object();

    @Override
    public boolean equals(Object other) {
        return other instanceof IndexEntry entry && Arrays.equals(values, entry.values) && position.equals(entry.position);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + position.hashCode();
    }

    @Override
    public String toString() {
        return Arrays.toString(values) + "@" + position;
    }

    /**
     * How H2 orders, measures and stores the entries of one index: component by component in the index's
     * directions, then by position in the order of the collection's data map (H2's {@link ObjectDataType}).
     */
    static final class Type extends BasicDataType<IndexEntry> {

        private static final byte NULL = 0;
        private static final byte INT = 1;
        private static final byte LONG = 2;
        private static final byte DOUBLE = 3;
        private static final byte DECIMAL = 4;
        private static final byte STRING = 5;
        private static final byte OBJECT_ID = 6;
        private static final byte FALSE = 7;
        private static final byte TRUE = 8;
        private static final byte DATE = 9;
        private static final byte IRREGULAR = 10;
        private static final byte OTHER_POSITION = 11;

        private final boolean[] ascending;
        private final ObjectDataType positions = new ObjectDataType();

        Type(boolean[] ascending) {
            this.ascending = ascending.clone();
        }

        @Override
        public int compare(IndexEntry a, IndexEntry b) {
            for (int i = 0; i < ascending.length; i++) {
                int cmp = KeyOrder.component(a.values[i], b.values[i]);
                if (cmp != 0) {
                    return ascending[i] ? cmp : -cmp;
                }
            }
            return comparePositions(a.position, b.position);
        }

        int comparePositions(Object a, Object b) {
            if (a == b) {
                return 0;
            } else if (a == LOWEST || b == HIGHEST) {
                return -1;
            } else if (a == HIGHEST || b == LOWEST) {
                return 1;
            }
            return positions.compare(a, b);
        }

        @Override
        public int getMemory(IndexEntry entry) {
            int memory = 48 + 16 * entry.values.length;
            for (Object value : entry.values) {
                memory += value instanceof String text ? 40 + 2 * text.length() : 24;
            }
            return memory + (entry.position instanceof String text ? 40 + 2 * text.length() : 32);
        }

        @Override
        public void write(WriteBuffer buffer, IndexEntry entry) {
            for (Object value : entry.values) {
                writeValue(buffer, value);
            }
            if (entry.position instanceof String || entry.position instanceof ObjectId) {
                writeValue(buffer, entry.position);
            } else {
                buffer.put(OTHER_POSITION);
                positions.write(buffer, entry.position);
            }
        }

        @Override
        public IndexEntry read(ByteBuffer buffer) {
            Object[] values = new Object[ascending.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = readValue(buffer, buffer.get());
            }
            byte tag = buffer.get();
            Object position = tag == OTHER_POSITION ? positions.read(buffer) : readValue(buffer, tag);
            return new IndexEntry(values, position);
        }

        @Override
        public IndexEntry[] createStorage(int size) {
            return new IndexEntry[size];
        }

        private static void writeValue(WriteBuffer buffer, Object value) {
            if (value == null) {
                buffer.put(NULL);
            } else if (value instanceof Integer number) {
                buffer.put(INT).putInt(number);
            } else if (value instanceof Long number) {
                buffer.put(LONG).putLong(number);
            } else if (value instanceof Double number) {
                buffer.put(DOUBLE).putDouble(number);
            } else if (value instanceof Decimal128 number) {
                buffer.put(DECIMAL).putLong(number.getLow()).putLong(number.getHigh());
            } else if (value instanceof String text) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                buffer.put(STRING).putVarInt(bytes.length).put(bytes);
            } else if (value instanceof ObjectId id) {
                buffer.put(OBJECT_ID).put(id.toByteArray());
            } else if (value instanceof Boolean flag) {
                buffer.put(flag ? TRUE : FALSE);
            } else if (value instanceof Instant date) {
                buffer.put(DATE).putLong(date.getEpochSecond()).putInt(date.getNano());
            } else if (value == KeyOrder.IRREGULAR_VALUE) {
                buffer.put(IRREGULAR);
            } else {
                throw new IllegalArgumentException("not a canonical index value: " + value.getClass());
            }
        }

        private static Object readValue(ByteBuffer buffer, byte tag) {
            return switch (tag) {
                case NULL -> null;
                case INT -> buffer.getInt();
                case LONG -> buffer.getLong();
                case DOUBLE -> buffer.getDouble();
                case DECIMAL -> {
                    long low = buffer.getLong();
                    yield new Decimal128(low, buffer.getLong());
                }
                case STRING -> {
                    byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
                    buffer.get(bytes);
                    yield new String(bytes, StandardCharsets.UTF_8);
                }
                case OBJECT_ID -> {
                    byte[] bytes = new byte[12];
                    buffer.get(bytes);
                    yield new ObjectId(bytes);
                }
                case FALSE -> Boolean.FALSE;
                case TRUE -> Boolean.TRUE;
                case DATE -> {
                    long seconds = buffer.getLong();
                    yield Instant.ofEpochSecond(seconds, buffer.getInt());
                }
                case IRREGULAR -> KeyOrder.IRREGULAR_VALUE;
                default -> throw new IllegalStateException("corrupt index entry: tag " + tag);
            };
        }
    }
}
