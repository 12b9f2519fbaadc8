package io.cdrplatform.benchmarks.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.cdrplatform.benchmarks.TempDirs;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.embeddedmongo.AdvertisedVersion;
import io.cdrplatform.embeddedmongo.EmulatorBackends;
import io.cdrplatform.embeddedmongo.H2StoreFile;
import io.cdrplatform.embeddedmongo.index.IndexedH2Backend;
import io.cdrplatform.query.QueryApi;
import io.cdrplatform.query.QueryHandler;
import io.cdrplatform.query.http.ApiResponse;
import io.cdrplatform.query.cdrs.CdrFilter;
import io.cdrplatform.query.cdrs.PageCursor;
import io.cdrplatform.query.range.DateRange;
import io.cdrplatform.query.testing.Calls;
import io.cdrplatform.query.testing.LoggerStyleDocuments;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.lettuce.core.RedisClient;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.h2.mvstore.MVStore;

/**
 * cdr-local's embedded store (mongo-java-server on an H2 file, as {@code LocalMongoStore} opens it) with
 * its secondary indexes, at a million CDRs: the query API's requests as cdr-local serves them (its
 * {@code QueryApi}, the answer streamed), timed and counted in documents read.
 * <ul>
 *   <li>store A, {@code cdrs} logger-style CDRs: campaign-big (60%, one call every 25 s), campaign-export
 *       (100,000), campaign-small (1,000), the rest over 97 campaigns; loaded with the logger's indexes
 *       ({@code callId} unique, {@code {campaignId: 1, startTime: -1}}, {@code startTime}, TTL
 *       {@code createdAt}) in batches of 1,000, committed after each;</li>
 *   <li>on A: campaign-big's first list page and its page 500,000 CDRs deep (keyset cursor, limit 100),
 *       campaign-small's stats and first page, the CSV export of campaign-export (rows/s);</li>
 *   <li>store B, campaign-small alone: its stats (the "within 2x" comparison);</li>
 *   <li>store A reopened by mongo-java-server's own H2 backend (no secondary index: the emulator before
 *       this change), same file: the CSV export again, and one first page and one stats request.</li>
 * </ul>
 * {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar io.cdrplatform.benchmarks.local.IndexedStoreBenchmark
 * [cdrs=1000000] [runs=30] [depth=500000] [data directory to keep and reuse]}
 */
public final class IndexedStoreBenchmark {

    private static final String BIG = "campaign-big";
    private static final String EXPORT = "campaign-export";
    private static final String SMALL = "campaign-small";
    private static final int EXPORT_CALLS = 100_000;
    private static final int SMALL_CALLS = 1_000;
    private static final int OTHER_CAMPAIGNS = 97;
    private static final String SECRET = "benchmark-secret-0123456789";
    private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
    private static final Outcome[] OUTCOMES = {Outcome.ANSWERED, Outcome.ANSWERED, Outcome.ANSWERED, Outcome.NO_ANSWER,
            Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED, Outcome.VOICEMAIL, Outcome.CONVERTED, Outcome.OPTED_OUT};

    private IndexedStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int cdrs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 500_000;
        Path kept = args.length > 3 ? Path.of(args[3]) : null;
        int big = (int) (cdrs * 0.6);
        int others = cdrs - big - EXPORT_CALLS - SMALL_CALLS;
        if (others < 0 || big <= depth + 100) {
            throw new IllegalArgumentException("too few CDRs: campaign-big (60%) must be deeper than " + depth);
        }
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, max heap %,d MB, load average at start %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, load());
        Path root = kept != null ? Files.createDirectories(kept) : Files.createTempDirectory("indexed-store-");
        try {
            Path fileA = root.resolve("a/mongo.mv");
            Path fileB = root.resolve("b/mongo.mv");
            Files.createDirectories(fileA.getParent());
            Files.createDirectories(fileB.getParent());

            List<String> rows = new ArrayList<>();
            try (Store a = Store.indexed(fileA)) {
                if (a.records().estimatedDocumentCount() < cdrs) {
                    a.records().drop();
                    long start = System.nanoTime();
                    load(a, big, others);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "store A: loaded %,d CDRs in %.0f s (%,.0f CDRs/s), file %,.0f MB, load %.2f%n",
                            a.records().estimatedDocumentCount(), seconds, cdrs / seconds, Files.size(fileA) / 1e6, load());
                } else {
                    System.out.printf(Locale.ROOT, "store A: %,d CDRs kept from an earlier run, file %,.0f MB%n",
                            a.records().estimatedDocumentCount(), Files.size(fileA) / 1e6);
                }

                PageCursor cursors = new PageCursor(SECRET);
                CdrFilter bigFilter = new CdrFilter(BIG, DateRange.all(), Set.of());
                String first = "/campaigns/" + BIG + "/cdrs?limit=100";
                String deep = first + "&cursor=" + cursors.encode(position(big, depth), bigFilter);
                String smallStats = "/campaigns/" + SMALL + "/stats";
                rows.add(a.row("A: campaign-big first page (limit 100)", first, runs));
                rows.add(a.row("A: campaign-big page " + String.format(Locale.ROOT, "%,d", depth) + " deep (limit 100)", deep, runs));
                rows.add(a.row("A: campaign-small first page (limit 100)", "/campaigns/" + SMALL + "/cdrs?limit=100", runs));
                rows.add(a.row("A: campaign-small stats (1,000 CDRs)", smallStats, runs));
                rows.add(a.csvRow("A: CSV export of campaign-export (100,000 CDRs)", "/campaigns/" + EXPORT + "/cdrs", 3));
            }
            try (Store b = Store.indexed(fileB)) {
                b.records().drop();
                load(b, 0, 0);
                rows.add(b.row("B: campaign-small stats, store holding only it", "/campaigns/" + SMALL + "/stats", runs));
            }
            System.out.printf(Locale.ROOT, "reopening store A without secondary indexes (load %.2f)%n", load());
            try (Store plain = Store.plain(fileA)) {
                rows.add(attempt(() -> plain.csvRow("A without indexes: CSV export of campaign-export", "/campaigns/" + EXPORT + "/cdrs", 1)));
                rows.add(attempt(() -> plain.row("A without indexes: campaign-small stats", "/campaigns/" + SMALL + "/stats", 1)));
                rows.add(attempt(() -> plain.row("A without indexes: campaign-big first page", "/campaigns/" + BIG + "/cdrs?limit=100", 1)));
            }
            System.out.println();
            System.out.println("| request | runs | p50 ms | p90 ms | max ms | documents read | rows/s |");
            System.out.println("|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "load average at the end %.2f%n", load());
        } finally {
            if (kept == null) {
                TempDirs.deleteTree(root);
            }
        }
    }

    /** A row, or the failure in its place (a scan of a million documents can outlast H2's retention time). */
    private static String attempt(java.util.function.Supplier<String> row) {
        try {
            return row.get();
        } catch (RuntimeException e) {
            return "| failed: " + e.getMessage().replace('|', '/') + " | | | | | | |";
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** A MongoDB wire server on an H2 file, the query API over it, and its read counter. */
    private record Store(MVStore mvStore, H2Backend backend, MongoServer server, MongoClient client, QueryApi api)
            implements AutoCloseable {

        static Store indexed(Path file) {
            MVStore mvStore = H2StoreFile.open(file, (thread, failure) -> { });
            return of(mvStore, EmulatorBackends.onH2(mvStore));
        }

        /** mongo-java-server's own H2 backend: the emulator before secondary indexes. */
        static Store plain(Path file) {
            MVStore mvStore = H2StoreFile.open(file, (thread, failure) -> { });
            H2Backend backend = new H2Backend(mvStore);
            backend.version(AdvertisedVersion.CURRENT);
            return of(mvStore, backend);
        }

        private static Store of(MVStore mvStore, H2Backend backend) {
            MongoServer server = new MongoServer(backend);
            InetSocketAddress address = server.bind();
            MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
            RedisClient unusedRedis = RedisClient.create("redis://127.0.0.1:1"); // /live is not measured; never connects
            QueryApi api = QueryApi.create(client.getDatabase("campaign_system"), unusedRedis, SECRET, Clock.systemUTC());
            return new Store(mvStore, backend, server, client, api);
        }

        MongoCollection<Document> records() {
            return CallRecordCollection.in(client.getDatabase("campaign_system"));
        }

        long documentsRead() {
            if (backend instanceof IndexedH2Backend indexed) {
                var collection = indexed.collection("campaign_system", CallRecordCollection.NAME);
                return collection == null ? 0 : collection.documentsRead();
            }
            return -1;
        }

        /**
         * The answer's body as cdr-local's HTTP server writes it (streamed, not buffered as Lambda must);
         * returns its bytes and lines.
         */
        long[] get(String pathAndQuery, boolean csv) {
            int mark = pathAndQuery.indexOf('?');
            String path = mark < 0 ? pathAndQuery : pathAndQuery.substring(0, mark);
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0")
                    .withRouteKey("$default")
                    .withRawPath(path)
                    .withRawQueryString(mark < 0 ? "" : pathAndQuery.substring(mark + 1))
                    .withHeaders(Map.of("accept", csv ? "text/csv" : "application/json"))
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withStage("$default")
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
                            .build())
                    .build();
            ApiResponse response = api.handle(QueryHandler.toRequest(event));
            CountingStream body = new CountingStream();
            try {
                response.body().writeTo(body);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (response.status() != 200) {
                throw new IllegalStateException(pathAndQuery + " answered " + response.status());
            }
            return new long[] {body.bytes, body.lines};
        }

        /** A table row: {@code runs} timed GETs after one untimed, and the documents the last one read. */
        String row(String name, String pathAndQuery, int runs) {
            get(pathAndQuery, false);
            long[] millis = new long[runs];
            long reads = 0;
            for (int i = 0; i < runs; i++) {
                long readsBefore = documentsRead();
                long start = System.nanoTime();
                get(pathAndQuery, false);
                millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                reads = documentsRead() - readsBefore;
            }
            return format(name, millis, reads, "");
        }

        /** A table row for the CSV export: rows/s of the median run. */
        String csvRow(String name, String path, int runs) {
            long[] millis = new long[runs];
            long reads = 0;
            int lines = 0;
            for (int i = 0; i < runs; i++) {
                long readsBefore = documentsRead();
                long start = System.nanoTime();
                long[] body = get(path, true);
                millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                reads = documentsRead() - readsBefore;
                lines = (int) body[1] - 1;
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            double rowsPerSecond = lines / (sorted[sorted.length / 2] / 1000.0);
            return format(name + String.format(Locale.ROOT, " [%,d rows]", lines), millis, reads,
                    String.format(Locale.ROOT, "%,.0f", rowsPerSecond));
        }

        private String format(String name, long[] millis, long reads, String rowsPerSecond) {
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %,d | %s | %s |", name, sorted.length,
                    sorted[(sorted.length - 1) / 2], sorted[(int) Math.ceil(sorted.length * 0.9) - 1], sorted[sorted.length - 1],
                    reads < 0 ? "(not counted)" : String.format(Locale.ROOT, "%,d", reads), rowsPerSecond);
        }

        @Override
        public void close() {
            client.close();
            server.shutdownNow();
        }
    }

    /** Counts what is written to it. */
    private static final class CountingStream extends java.io.OutputStream {
        long bytes;
        long lines;

        @Override
        public void write(int b) {
            bytes++;
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
    }

    /**
     * {@code big} calls of campaign-big, 100,000 of campaign-export and {@code others} over 97 campaigns
     * (only campaign-small's 1,000 when both are 0), created after the logger's indexes, 1,000 a batch.
     */
    private static void load(Store store, int big, int others) {
        MongoCollection<Document> records = store.records();
        records.createIndex(new Document("callId", 1), new IndexOptions().unique(true));
        records.createIndex(new Document("campaignId", 1).append("startTime", -1));
        records.createIndex(new Document("startTime", 1));
        records.createIndex(new Document("createdAt", 1), new IndexOptions().expireAfter(365L * 86_400, TimeUnit.SECONDS));
        LoggerStyleDocuments documents = LoggerStyleDocuments.withDefaultTariff();
        Random random = new Random(42);
        Instant written = Instant.now();
        int export = big > 0 ? EXPORT_CALLS : 0;
        int total = big + export + SMALL_CALLS + others;
        List<Document> batch = new ArrayList<>(1000);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            String campaign;
            int index;
            if (i < SMALL_CALLS) {
                campaign = SMALL;
                index = i;
            } else if (i < SMALL_CALLS + big) {
                campaign = BIG;
                index = i - SMALL_CALLS;
            } else if (i < SMALL_CALLS + big + export) {
                campaign = EXPORT;
                index = i - SMALL_CALLS - big;
            } else {
                int other = i - SMALL_CALLS - big - export;
                campaign = String.format(Locale.ROOT, "campaign-%03d", other % OTHER_CAMPAIGNS);
                index = other / OTHER_CAMPAIGNS;
            }
            Instant callStart = BASE.plusSeconds(25L * index);
            batch.add(documents.document(events(String.format(Locale.ROOT, "%s-%07d", campaign, index), campaign, callStart,
                    random), written));
            if (batch.size() == 1000 || i == total - 1) {
                records.insertMany(batch);
                store.backend().commit();
                batch.clear();
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf(Locale.ROOT, "  %,d CDRs loaded, %.0f s, load average %.2f%n", i + 1,
                            (System.nanoTime() - start) / 1e9, load());
                }
            }
        }
    }

    private static List<CallEvent> events(String callId, String campaign, Instant start, Random random) {
        Outcome outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
        long duration = outcome.reachesAnswered() ? 10 + random.nextInt(600) : random.nextInt(40);
        return Calls.ended(callId, campaign, start, duration, outcome, Map.of("crmId", "crm-" + random.nextInt(1_000_000),
                "list", "spring-2024"));
    }

    /** The keyset position of the CDR {@code depth} places from the newest of campaign-big. */
    private static PageCursor.Position position(int big, int depth) {
        int index = big - 1 - depth;
        return new PageCursor.Position(BASE.plusSeconds(25L * index), String.format(Locale.ROOT, "%s-%07d", BIG, index));
    }
}
