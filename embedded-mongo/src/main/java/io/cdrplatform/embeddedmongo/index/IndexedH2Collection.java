package io.cdrplatform.embeddedmongo.index;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentComparator;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.ArrayDeque;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;

/**
 * mongo-java-server's H2 collection with {@link SecondaryIndex}es used by its queries
 * ({@link IndexPlanner}), and a count of the documents its queries read (what a page costs, without a
 * clock).
 *
 * <p>An index-served query returns exactly what mongo-java-server's scan returns, in the same order: the
 * scan reads documents in {@code _id} order (H2's order of the data map), filters them and sorts them
 * stably; so documents the index finds are read in that same {@code _id} order when the sort is not
 * taken from the index, and documents with equal sort keys are put in that order when it is.
 */
public class IndexedH2Collection extends H2Collection {

    private final MVMap<Object, Document> dataMap;
    private final AtomicLong documentsRead = new AtomicLong();
    /** The query an aggregation on this thread starts from (its leading $match), see {@link #queryAllAsStream}. */
    private final ThreadLocal<QueryParameters> aggregationSource = new ThreadLocal<>();
    /** Set while this thread runs an update: its queries answer copies (see {@link #createQueryResult}). */
    private final ThreadLocal<Boolean> writing = ThreadLocal.withInitial(() -> Boolean.FALSE);

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        this.dataMap = dataMap;
    }

    /** How many documents this collection's queries have read from the store so far (index walks and scans). */
    public long documentsRead() {
        return documentsRead.get();
    }

    /** The secondary indexes, in creation order. */
    List<SecondaryIndex> secondaryIndexes() {
        List<SecondaryIndex> secondary = new ArrayList<>();
        for (Index<Object> index : getIndexes()) {
            if (index instanceof SecondaryIndex candidate) {
                secondary.add(candidate);
            }
        }
        return secondary;
    }

    String idField() {
        return getIdField();
    }

    /** The size mongo-java-server keeps of the collection's documents (changes with nearly every write). */
    long dataSize() {
        return getDataSize();
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        List<SecondaryIndex> secondary = secondaryIndexes();
        if (!secondary.isEmpty() && query != null && !aUniqueIndexCanHandle(query)) {
            IndexPlanner.Plan plan = IndexPlanner.plan(secondary, query, orderBy, limit);
            if (plan != null) {
                Stream<Document> documents = plan.ordered() ? inIndexOrder(plan, orderBy) : inIdOrder(plan);
                return matchDocumentsFromStream(query, documents, numberToSkip, limit, batchSize,
                        plan.ordered() ? null : deriveComparator(orderBy), fieldSelector);
            }
        }
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /** mongo-java-server's own path: an equality on the whole key of a unique index. */
    private boolean aUniqueIndexCanHandle(Document query) {
        for (Index<Object> index : getIndexes()) {
            if (!(index instanceof SecondaryIndex) && index.canHandle(query)) {
                return true;
            }
        }
        return false;
    }

    private static Iterator<IndexEntry> walk(IndexPlanner.Plan plan) {
        MVMap<IndexEntry, Boolean> entries = plan.index().entries();
        return plan.reverse() ? entries.cursor(plan.end(), plan.start(), true) : entries.cursor(plan.start(), plan.end(), false);
    }

    /** The documents within the plan's bounds in {@code _id} order, read lazily (a limit stops the reads). */
    private Stream<Document> inIdOrder(IndexPlanner.Plan plan) {
        List<Object> positions = new ArrayList<>();
        walk(plan).forEachRemaining(entry -> positions.add(entry.position()));
        positions.sort(plan.index().type()::comparePositions);
        return positions.stream().map(this::getDocument).filter(Objects::nonNull);
    }

    /**
     * The documents within the plan's bounds in the order of the sort, read lazily while walking the
     * index: entries come in sort order, and each run of entries with equal sort keys is put in the
     * order a stable sort of the scan gives them ({@code _id} order, then the sort itself, which only
     * separates numbers the index holds as equal).
     */
    private Stream<Document> inIndexOrder(IndexPlanner.Plan plan, Document orderBy) {
        Iterator<IndexEntry> entries = walk(plan);
        DocumentComparator sort = new DocumentComparator(orderBy);
        Iterator<Document> documents = new Iterator<>() {
            private final Deque<Document> group = new ArrayDeque<>();
            private IndexEntry lookahead;

            @Override
            public boolean hasNext() {
                while (group.isEmpty()) {
                    if (lookahead == null && entries.hasNext()) {
                        lookahead = entries.next();
                    }
                    if (lookahead == null) {
                        return false;
                    }
                    List<IndexEntry> members = new ArrayList<>();
                    members.add(lookahead);
                    lookahead = null;
                    while (entries.hasNext()) {
                        IndexEntry next = entries.next();
                        if (sameSortKeys(plan, members.get(0), next)) {
                            members.add(next);
                        } else {
                            lookahead = next;
                            break;
                        }
                    }
                    members.sort((a, b) -> plan.index().type().comparePositions(a.position(), b.position()));
                    List<Document> read = new ArrayList<>(members.size());
                    for (IndexEntry member : members) {
                        Document document = getDocument(member.position());
                        if (document != null) {
                            read.add(document);
                        }
                    }
                    read.sort(sort);
                    group.addAll(read);
                }
                return true;
            }

            @Override
            public Document next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return group.removeFirst();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(documents, Spliterator.ORDERED), false);
    }

    private static boolean sameSortKeys(IndexPlanner.Plan plan, IndexEntry a, IndexEntry b) {
        for (int component = plan.groupFrom(); component < plan.groupTo(); component++) {
            if (KeyOrder.coarse(a.values()[component], b.values()[component]) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code aggregation} (mongo-java-server's aggregate command) with its source narrowed to
     * {@code source}: the pipeline's leading {@code $match} (and {@code $sort}/{@code $limit}), which the
     * pipeline applies again, so the answer is the same as from the whole collection.
     */
    <T> T withAggregationSource(QueryParameters source, Supplier<T> aggregation) {
        aggregationSource.set(source);
        try {
            return aggregation.get();
        } finally {
            aggregationSource.remove();
        }
    }

    /** mongo-java-server's aggregation reads its input here (first thing, before any stage runs). */
    @Override
    public Stream<Document> queryAllAsStream() {
        QueryParameters source = aggregationSource.get();
        if (source != null) {
            aggregationSource.remove();
            return StreamSupport.stream(handleQuery(source).spliterator(), false);
        }
        return StreamSupport.stream(queryAll().spliterator(), false);
    }

    /**
     * Deletes up to {@code max} documents whose value of the index's first key is a date before
     * {@code cutoff}, found by walking the index (the TTL monitor's step); returns how many it deleted.
     */
    synchronized int deleteExpired(SecondaryIndex index, Instant cutoff, int max) {
        Object[] from = new Object[index.paths().size()];
        Object[] to = new Object[from.length];
        Arrays.fill(from, KeyOrder.Bound.MIN);
        Arrays.fill(to, KeyOrder.Bound.MAX);
        boolean ascending = index.ascending(0);
        KeyOrder.Bound earliest = KeyOrder.Bound.below(Instant.MIN);
        KeyOrder.Bound expired = KeyOrder.Bound.below(cutoff);
        from[0] = ascending ? earliest : expired;
        to[0] = ascending ? expired : earliest;
        if (!ascending) {
            Arrays.fill(from, 1, from.length, KeyOrder.Bound.MAX);
            Arrays.fill(to, 1, to.length, KeyOrder.Bound.MIN);
        }
        IndexPlanner.Plan walk = new IndexPlanner.Plan(index, new IndexEntry(from, IndexEntry.LOWEST),
                new IndexEntry(to, IndexEntry.HIGHEST), !ascending, false, 0, 0);
        List<Object> positions = new ArrayList<>();
        Iterator<IndexEntry> entries = walk(walk);
        while (entries.hasNext() && positions.size() < max) {
            positions.add(entries.next().position());
        }
        String field = index.paths().get(0);
        int deleted = 0;
        for (Object position : positions) {
            Document document = getDocument(position);
            if (document != null && document.get(field) instanceof Instant date && date.isBefore(cutoff)) {
                removeDocument(document);
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Copy on write. mongo-java-server's updates change the document object its query handed them, which
     * is the stored one, while answers already computed may still hold it and be on their way to a
     * client: that client could see a document half updated, or with a start time that breaks its
     * answer's order (the concurrency test caught it). So the documents an update (or findAndModify)
     * queries are copies: it changes its own copy, which then replaces the stored one, and the object
     * an earlier answer holds never changes. Reads are not copied (and cost nothing more).
     */
    @Override
    protected QueryResult createQueryResult(List<Document> matchedDocuments, int batchSize) {
        if (!writing.get()) {
            return super.createQueryResult(matchedDocuments, batchSize);
        }
        List<Document> copies = new ArrayList<>(matchedDocuments.size());
        for (Document document : matchedDocuments) {
            copies.add(document.cloneDeeply());
        }
        return super.createQueryResult(copies, batchSize);
    }

    @Override
    public Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters, boolean isMulti,
                                    boolean isUpsert, Oplog oplog) {
        return whileWriting(() -> super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog));
    }

    @Override
    public Document findAndModify(Document query) {
        return whileWriting(() -> super.findAndModify(query));
    }

    private <T> T whileWriting(Supplier<T> write) {
        boolean outer = !writing.get();
        writing.set(true);
        try {
            return write.get();
        } finally {
            if (outer) {
                writing.remove();
            }
        }
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        // a scan reads every document of the collection
        documentsRead.addAndGet(dataMap.size());
        return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected Document getDocument(Object position) {
        documentsRead.incrementAndGet();
        return super.getDocument(position);
    }
}
