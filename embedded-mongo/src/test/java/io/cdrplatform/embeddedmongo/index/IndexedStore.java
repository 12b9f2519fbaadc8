package io.cdrplatform.embeddedmongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.h2.mvstore.MVStore;

/** A test's emulator: a MongoDB server on an H2 file (or in memory), with or without the index extension. */
final class IndexedStore implements AutoCloseable {

    static final String DATABASE = "test";

    final MVStore store;
    final MongoBackend backend;
    final MongoServer server;
    final MongoClient client;

    private IndexedStore(MVStore store, MongoBackend backend) {
        this.store = store;
        this.backend = backend;
        this.server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        this.client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    }

    /** With secondary indexes, on {@code file} (null: in memory). */
    static IndexedStore open(Path file) {
        MVStore store = file == null ? MVStore.open(null) : new MVStore.Builder().fileName(file.toString()).open();
        return new IndexedStore(store, new IndexedH2Backend(store));
    }

    /** mongo-java-server's own H2 backend (no secondary indexes), as an older cdr-local wrote its store. */
    static IndexedStore openPlain(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        return new IndexedStore(store, new H2Backend(store));
    }

    MongoCollection<Document> collection(String name) {
        return client.getDatabase(DATABASE).getCollection(name);
    }

    IndexedH2Collection indexed(String name) {
        return ((IndexedH2Backend) backend).collection(DATABASE, name);
    }

    SecondaryIndex index(String collection, String indexName) {
        return indexed(collection).secondaryIndexes().stream()
                .filter(index -> index.getName().equals(indexName)).findFirst().orElseThrow();
    }

    /** Every document has exactly one entry, holding its current values of the indexed fields. */
    void assertIndexMatchesDocuments(String collectionName, String indexName) {
        IndexedH2Collection collection = indexed(collectionName);
        SecondaryIndex index = index(collectionName, indexName);
        Map<Object, IndexEntry> byPosition = new HashMap<>();
        for (IndexEntry entry : index.entries().keySet()) {
            assertThat(byPosition.put(entry.position(), entry)).as("one entry per document").isNull();
        }
        int documents = 0;
        for (de.bwaldvogel.mongo.bson.Document document : collection.queryAll()) {
            documents++;
            IndexEntry entry = byPosition.get(document.get("_id"));
            assertThat(entry).as("entry of %s", document).isNotNull();
            for (int i = 0; i < index.paths().size(); i++) {
                Object expected = KeyOrder.canonical(Utils.getSubdocumentValueCollectionAware(document, index.paths().get(i)));
                assertThat(entry.values()[i]).as("%s of %s", index.paths().get(i), document).isEqualTo(expected);
            }
        }
        assertThat(byPosition).hasSize(documents);
    }

    /** Stops as a kill -9 would: nothing more is written, the state is left "open". */
    void crash() {
        client.close();
        server.stopListening();
        store.closeImmediately();
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
