package io.cdrplatform.embeddedmongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.AbstractMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails loudly when a mongo-java-server upgrade changes what the index extension relies on: the
 * version it was written against, the protected methods it overrides, H2Database's map names, the order
 * of a collection's scan, and the sort order the index mirrors. If this fails after an upgrade, re-read
 * the extension against the new sources before changing the expectations here.
 */
class MongoJavaServerInternalsTest {

    @TempDir
    Path dir;

    @Test
    void mongo_java_server_on_the_classpath_is_the_version_the_extension_was_written_against() {
        for (Class<?> fromJar : List.of(Index.class, H2Backend.class)) {
            String jar = fromJar.getProtectionDomain().getCodeSource().getLocation().getPath();
            assertThat(jar).as("jar of %s", fromJar.getName())
                    .endsWith("-" + IndexedH2Backend.MONGO_JAVA_SERVER_VERSION + ".jar");
        }
    }

    @Test
    void the_protected_methods_the_extension_overrides_keep_their_signatures() throws Exception {
        assertProtected(AbstractMongoDatabase.class.getDeclaredMethod("openOrCreateSecondaryIndex",
                String.class, String.class, List.class, boolean.class), Index.class);
        assertProtected(AbstractMongoDatabase.class.getDeclaredMethod("initializeNamespacesAndIndexes"), void.class);
        assertProtected(H2Database.class.getDeclaredMethod("openOrCreateCollection", String.class, CollectionOptions.class),
                de.bwaldvogel.mongo.MongoCollection.class);
        assertProtected(H2Collection.class.getDeclaredMethod("matchDocuments", de.bwaldvogel.mongo.bson.Document.class,
                de.bwaldvogel.mongo.bson.Document.class, int.class, int.class, int.class, de.bwaldvogel.mongo.bson.Document.class),
                de.bwaldvogel.mongo.backend.QueryResult.class);
        assertProtected(H2Collection.class.getDeclaredMethod("getDocument", Object.class), de.bwaldvogel.mongo.bson.Document.class);
        assertProtected(AbstractMongoCollection.class.getDeclaredMethod("queryDocuments", de.bwaldvogel.mongo.bson.Document.class,
                de.bwaldvogel.mongo.bson.Document.class, int.class, int.class, int.class, de.bwaldvogel.mongo.bson.Document.class),
                de.bwaldvogel.mongo.backend.QueryResult.class);
        assertProtected(AbstractMongoCollection.class.getDeclaredMethod("matchDocumentsFromStream",
                de.bwaldvogel.mongo.bson.Document.class, Stream.class, int.class, int.class, int.class, Comparator.class,
                de.bwaldvogel.mongo.bson.Document.class), de.bwaldvogel.mongo.backend.QueryResult.class);
        assertProtected(AbstractMongoCollection.class.getDeclaredMethod("createQueryResult", List.class, int.class),
                de.bwaldvogel.mongo.backend.QueryResult.class);
        assertThat(de.bwaldvogel.mongo.MongoDatabase.class.getMethod("handleCommand", io.netty.channel.Channel.class,
                String.class, de.bwaldvogel.mongo.bson.Document.class, de.bwaldvogel.mongo.backend.DatabaseResolver.class,
                de.bwaldvogel.mongo.oplog.Oplog.class)).isNotNull();
        Constructor<H2Collection> collection = H2Collection.class.getConstructor(MongoDatabase.class, String.class,
                CollectionOptions.class, MVMap.class, MVMap.class, CursorRegistry.class);
        assertThat(Modifier.isPublic(collection.getModifiers())).isTrue();
        Constructor<H2Database> database = H2Database.class.getConstructor(String.class, MVStore.class, CursorRegistry.class);
        assertThat(Modifier.isPublic(database.getModifiers())).isTrue();
        assertThat(de.bwaldvogel.mongo.MongoCollection.class.getMethod("queryAllAsStream").isDefault()).isTrue();
    }

    private static void assertProtected(Method method, Class<?> returnType) {
        assertThat(Modifier.isProtected(method.getModifiers())).as("%s is protected", method).isTrue();
        assertThat(Modifier.isFinal(method.getModifiers())).as("%s is not final", method).isFalse();
        assertThat(returnType.isAssignableFrom(method.getReturnType())).as("%s returns %s", method, returnType).isTrue();
    }

    @Test
    void mongo_java_server_itself_still_ignores_secondary_indexes_and_names_its_maps_as_the_extension_does() {
        Path file = dir.resolve("plain.mv");
        try (IndexedStore plain = IndexedStore.openPlain(file)) {
            MongoCollection<Document> calls = plain.collection("calls");
            calls.insertOne(new Document("_id", "a").append("x", 1));
            calls.createIndex(Indexes.ascending("x"));
            calls.createIndex(Indexes.ascending("u"), new IndexOptions().unique(true));

            de.bwaldvogel.mongo.MongoCollection<?> collection =
                    plain.backend.resolveDatabase(IndexedStore.DATABASE).resolveCollection("calls", true);
            assertThat(collection.getIndexes()).filteredOn(index -> index.getName().equals("x_1"))
                    .singleElement().isInstanceOf(EmptyIndex.class);
            String namespace = IndexedStore.DATABASE + ".calls";
            assertThat(plain.store.getMapNames()).contains(
                    IndexedH2Database.DATA_MAP_PREFIX + namespace,
                    IndexedH2Database.META_MAP_PREFIX + namespace,
                    namespace + IndexedH2Database.INDEX_MAP_INFIX + "u_1");

            // H2Database.dropIndex removes the map of that name (the extension's entries map is named alike)
            calls.dropIndex("u_1");
            assertThat(plain.store.getMapNames()).doesNotContain(namespace + IndexedH2Database.INDEX_MAP_INFIX + "u_1");
        }
    }

    @Test
    void a_scan_returns_documents_in_the_order_of_their_ids_as_h2_orders_them() {
        try (IndexedStore plain = IndexedStore.openPlain(dir.resolve("plain.mv"))) {
            MongoCollection<Document> things = plain.collection("things");
            List<Object> ids = new ArrayList<>(List.of("b", "a", 3, 1, new org.bson.types.ObjectId(), 2.5, "c",
                    new org.bson.types.ObjectId()));
            for (Object id : ids) {
                things.insertOne(new Document("_id", id));
            }
            List<Object> scanned = new ArrayList<>();
            for (de.bwaldvogel.mongo.bson.Document document :
                    plain.backend.resolveDatabase(IndexedStore.DATABASE).resolveCollection("things", true).queryAll()) {
                scanned.add(document.get("_id"));
            }
            List<Object> expected = new ArrayList<>(scanned);
            expected.sort(new ObjectDataType());
            assertThat(scanned).isEqualTo(expected);
        }
    }

    /**
     * Values beyond a double's precision are left out: mongo-java-server's own comparison is not
     * transitive there (NaN sorts above 2 but below NumberLong(3000000000), where it compares truncated
     * longs), so no total order can agree with it.
     */
    @Test
    void the_index_orders_regular_values_as_mongo_java_servers_sort_does() {
        List<Object> values = List.of(-3, 0, 2, 2L, 2.0, 2.5, new Decimal128(new BigDecimal("2.5")), 3_000_000_000L,
                -0.0, Double.NEGATIVE_INFINITY, "", "a", "b", "ab", new ObjectId(), new ObjectId(),
                false, true, Instant.EPOCH, Instant.parse("2024-01-15T10:00:00Z"));
        List<Object> withNull = new ArrayList<>(values);
        withNull.add(null);
        for (Object a : withNull) {
            for (Object b : withNull) {
                assertThat(Integer.signum(KeyOrder.coarse(KeyOrder.canonical(a), KeyOrder.canonical(b))))
                        .as("%s vs %s", a, b)
                        .isEqualTo(Integer.signum(ValueComparator.asc().compare(a, b)));
            }
        }
    }
}
