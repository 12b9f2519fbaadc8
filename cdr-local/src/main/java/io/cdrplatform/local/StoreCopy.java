package io.cdrplatform.local;

import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.store.callrecords.CallRecordIndexes;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.cdrplatform.logger.LoggerConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * {@code java -jar cdr-local.jar copy-store --to MONGODB_URI}: copies everything cdr-local's embedded
 * store holds (every collection of every database: {@code call_records}, and whatever else is there)
 * into another MongoDB, so a site can move to a real MongoDB ({@code MONGODB_URI}) keeping its data.
 *
 * <p>Run it with cdr-local stopped (the store file is opened directly, so the copy is one consistent
 * state). Documents are copied byte for byte (BSON as stored: Decimal128 cost, dates, the logger's
 * {@code fold} and {@code version}, so the logger goes on folding events into them) as upserts by
 * {@code _id}: running it again, or after an interrupted run, converges to the same target.
 * {@code call_records} gets the contract's indexes exactly as the cdr-logger creates them (the
 * embedded store keeps only unique indexes, so the target's come from the logger's own definition;
 * the {@code {_id, version}} index that only the emulator needs is left out); any other collection
 * gets the indexes the embedded store has. Redis is not copied: its counters are rebuilt from the
 * copied CDRs with {@code rebuild-counters}.
 */
final class StoreCopy {

    static final String COMMAND = "copy-store";
    private static final int BATCH = 1_000;
    private static final Set<String> SYSTEM_DATABASES = Set.of("admin", "local", "config");
    private static final java.time.Duration CLIENT_TIMEOUT = java.time.Duration.ofSeconds(10);
    private static final String APPLICATION_NAME = "cdr-local copy-store";

    /** One copied collection. */
    record Copied(String database, String collection, long documents, List<String> indexes) {
    }

    private StoreCopy() {
    }

    /** The command line; answers the exit status (0 copied, 2 usage, 1 failed). */
    static int main(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.size() != 2 || !args.get(0).equals("--to")) {
            err.println("usage: java -jar cdr-local.jar " + COMMAND + " --to MONGODB_URI   (with cdr-local stopped; "
                    + "reads DATA_DIR, default ./cdr-data)");
            return 2;
        }
        try {
            LocalConfig config = LocalConfig.fromEnv(env);
            Path mongoDir = config.dataDir().resolve("mongo");
            if (!Files.isRegularFile(mongoDir.resolve(LocalMongoStore.FILE_NAME))) {
                err.println("cdr-local: no embedded MongoDB store under " + mongoDir + " (set DATA_DIR)");
                return 2;
            }
            for (Copied copied : copy(mongoDir, args.get(1), LoggerConfig.fromEnv(env).retentionSeconds())) {
                out.printf("%s.%s: %,d documents, indexes %s%n", copied.database(), copied.collection(), copied.documents(),
                        copied.indexes());
            }
            out.println("done; rebuild the Redis counters from the copy with rebuild-counters (see the README)");
            return 0;
        } catch (RuntimeException e) {
            err.println("cdr-local " + COMMAND + " failed: " + e);
            return 1;
        }
    }

    /** Copies the embedded store under {@code mongoDir} (not in use) into the MongoDB at {@code targetUri}. */
    static List<Copied> copy(Path mongoDir, String targetUri, long retentionSeconds) {
        try (MongoClient target = StoreClients.mongo(targetUri, CLIENT_TIMEOUT, APPLICATION_NAME)) {
            return copy(mongoDir, target, retentionSeconds);
        }
    }

    static List<Copied> copy(Path mongoDir, MongoClient target, long retentionSeconds) {
        List<Copied> copied = new ArrayList<>();
        try (LocalMongoStore store = LocalMongoStore.start(mongoDir, "127.0.0.1", 0);
             MongoClient source = StoreClients.mongo(store.connectionString(), CLIENT_TIMEOUT, APPLICATION_NAME)) {
            for (String databaseName : source.listDatabaseNames()) {
                if (SYSTEM_DATABASES.contains(databaseName)) {
                    continue;
                }
                MongoDatabase from = source.getDatabase(databaseName);
                MongoDatabase to = target.getDatabase(databaseName);
                for (String collectionName : from.listCollectionNames()) {
                    if (!collectionName.startsWith("system.")) {
                        copied.add(copyCollection(from, to, collectionName, retentionSeconds));
                    }
                }
            }
        }
        return copied;
    }

    private static Copied copyCollection(MongoDatabase from, MongoDatabase to, String name, long retentionSeconds) {
        MongoCollection<RawBsonDocument> source = from.getCollection(name, RawBsonDocument.class);
        MongoCollection<RawBsonDocument> target = to.getCollection(name, RawBsonDocument.class);
        long documents = 0;
        List<WriteModel<RawBsonDocument>> batch = new ArrayList<>(BATCH);
        try (MongoCursor<RawBsonDocument> cursor = source.find().batchSize(BATCH).iterator()) {
            while (cursor.hasNext()) {
                RawBsonDocument document = cursor.next();
                batch.add(new ReplaceOneModel<>(Filters.eq("_id", document.get("_id")), document,
                        new ReplaceOptions().upsert(true)));
                if (batch.size() == BATCH) {
                    documents += write(target, batch);
                }
            }
        }
        documents += write(target, batch);
        if (name.equals(CallRecordCollection.NAME)) {
            new CallRecordIndexes(to, retentionSeconds, false).ensureOnce();
        } else {
            copyIndexes(source, target);
        }
        long inTarget = target.countDocuments();
        if (inTarget < documents) {
            throw new IllegalStateException(to.getName() + "." + name + " holds " + inTarget + " documents after copying "
                    + documents);
        }
        List<String> indexes = new ArrayList<>();
        for (Document index : to.getCollection(name).listIndexes()) {
            indexes.add(index.get("key", Document.class).toJson());
        }
        return new Copied(to.getName(), name, documents, indexes);
    }

    private static long write(MongoCollection<RawBsonDocument> target, List<WriteModel<RawBsonDocument>> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        target.bulkWrite(batch, new BulkWriteOptions().ordered(false));
        int written = batch.size();
        batch.clear();
        return written;
    }

    /** The source's indexes other than {@code _id}'s, with the options the emulator keeps. */
    private static void copyIndexes(MongoCollection<RawBsonDocument> source, MongoCollection<RawBsonDocument> target) {
        for (Document index : source.listIndexes()) {
            if ("_id_".equals(index.getString("name"))) {
                continue;
            }
            IndexOptions options = new IndexOptions().name(index.getString("name"))
                    .unique(Boolean.TRUE.equals(index.get("unique"))).sparse(Boolean.TRUE.equals(index.get("sparse")));
            if (index.get("expireAfterSeconds") instanceof Number seconds) {
                options.expireAfter(seconds.longValue(), TimeUnit.SECONDS);
            }
            target.createIndex(index.get("key", Document.class), options);
        }
    }
}
