/**
 * Secondary indexes, a query planner and a TTL monitor for mongo-java-server's H2 backend (issue 18):
 * what cdr-local's embedded store needs to answer a page or a small campaign's stats from an index, as
 * MongoDB does, instead of reading every CDR.
 *
 * <ul>
 *   <li>{@link io.cdrplatform.embeddedmongo.index.IndexedH2Backend} / {@code IndexedH2Database} /
 *       {@link io.cdrplatform.embeddedmongo.index.IndexedH2Collection}: subclasses of mongo-java-server's
 *       H2 classes; a non-unique index becomes a {@code SecondaryIndex} (mongo-java-server keeps an empty
 *       stand-in and warns), built for the documents already there, kept in the H2 file beside them,
 *       maintained on every write, rebuilt when the file was not closed cleanly ({@code IndexState});</li>
 *   <li>{@code IndexPlanner}: an equality prefix plus a range on the next key, the sort from index order
 *       and the limit while walking; for {@code find}, {@code count}, {@code distinct}, updates and
 *       deletes, and the leading {@code $match} (with {@code $sort}/{@code $limit}) of an aggregation
 *       ({@code AggregationSource});</li>
 *   <li>{@link io.cdrplatform.embeddedmongo.index.TtlMonitor}: mongod's TTL monitor.</li>
 * </ul>
 *
 * <p>The rule that keeps it correct: an index only ever narrows which documents are read (its bounds are
 * a superset of what the query matches, and mongo-java-server's matcher still decides), and documents
 * are read in the order mongo-java-server's scan would produce them ({@code _id} order, stable sort),
 * so an answer is exactly the scan's, in the same order ({@code IndexedQueryPropertiesTest}). What the planner
 * does not understand is answered by the scan.
 *
 * <p>Pinned to mongo-java-server {@value io.cdrplatform.embeddedmongo.index.IndexedH2Backend#MONGO_JAVA_SERVER_VERSION}:
 * {@code MongoJavaServerInternalsTest} fails when an upgrade changes the internals this relies on.
 *
 * <p>Limits: an index holding an array (or a sub-document, binary, ...) in an indexed field is not used
 * until that document is gone (mongod's multikey case); {@code $in}, {@code $or} and ranges on a key
 * after the first range are filters, not bounds; numbers that differ only beyond a double's precision
 * (Decimal128) are one key for the bounds; the TTL monitor ignores arrays of dates and does not write
 * the oplog; a renamed collection's indexes are rebuilt at the next start (their old maps stay in the
 * file).
 */
package io.cdrplatform.embeddedmongo.index;
