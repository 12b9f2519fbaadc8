package io.cdrplatform.store.rates;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;
import io.cdrplatform.core.cost.Rate;
import io.cdrplatform.core.cost.RateSheet;
import io.cdrplatform.core.cost.RateTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;

/**
 * Reads the rate table in force and imports a sheet, atomically for every reader: an import writes
 * its rates first, invisible while its import document is missing, then commits by inserting that
 * one document. Only then does it tidy the sheets it supersedes (rates valid from its date on are
 * deleted, older ones end at its date), which changes nothing a reader computes: readers derive
 * when each sheet is in force from the committed imports alone ({@link RateSheet#inForce}).
 */
public final class StoredRates {

    /** A sheet's rates go to MongoDB in batches of this many documents. */
    static final int INSERT_BATCH = 5_000;
    /** An uncommitted import older than this is an abandoned one (its importer died); the next import removes it. */
    static final long ABANDONED_AFTER_MILLIS = 3_600_000L;
    private static final int READ_ATTEMPTS = 5;

    private StoredRates() {
    }

    /** The table in force, and the rate documents that could not be read (left out). */
    public record Loaded(RateTable table, int imports, List<String> unreadable) {
    }

    /**
     * The table as the committed imports (and any rate entered by hand) make it. The imports are read
     * before and after the rates; when an import committed in between, the read is repeated, so the
     * table is never half of one sheet and half of another.
     */
    public static Loaded load(MongoDatabase database) {
        MongoCollection<Document> rates = RateCollections.rates(database);
        for (int attempt = 1; ; attempt++) {
            Map<String, RateCodec.Import> imports = committed(database);
            Map<String, List<Rate>> byImport = new HashMap<>();
            List<Rate> byHand = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            for (Document document : rates.find().batchSize(INSERT_BATCH)) {
                String importId = RateCodec.importIdOf(document);
                if (importId != null && !imports.containsKey(importId)) {
                    continue;
                }
                Rate rate;
                try {
                    rate = RateCodec.rateOf(document);
                } catch (IllegalArgumentException e) {
                    unreadable.add(e.getMessage());
                    continue;
                }
                if (importId == null) {
                    byHand.add(rate);
                } else {
                    byImport.computeIfAbsent(importId, id -> new ArrayList<>()).add(rate);
                }
            }
            if (attempt < READ_ATTEMPTS && !committed(database).equals(imports)) {
                continue;
            }
            List<RateSheet> sheets = new ArrayList<>(imports.size());
            imports.values().forEach(i -> sheets.add(new RateSheet(i.id(), i.validFrom(), i.importedAt(),
                    byImport.getOrDefault(i.id(), List.of()))));
            List<Rate> inForce = RateSheet.inForce(sheets);
            inForce.addAll(byHand);
            return new Loaded(RateTable.of(inForce), imports.size(), unreadable);
        }
    }

    /** What an import did. */
    public record Imported(String importId, int rates, int supersededImports, int removedAbandoned) {
    }

    /**
     * Imports a validated sheet (every rate valid from {@code validFrom}) as the table from
     * {@code validFrom} on, committed at {@code now}.
     */
    public static Imported importSheet(MongoDatabase database, List<Rate> sheet, Instant validFrom, String source,
                                       Instant now) {
        for (Rate rate : sheet) {
            if (!rate.validFrom().equals(validFrom)) {
                throw new IllegalArgumentException("rate " + rate.prefix() + " is valid from " + rate.validFrom()
                        + ", not from the sheet's " + validFrom);
            }
        }
        RateCollections.ensureIndexes(database);
        MongoCollection<Document> rates = RateCollections.rates(database);
        MongoCollection<Document> imports = RateCollections.imports(database);
        String importId = "import-" + now.toEpochMilli() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        List<Document> batch = new ArrayList<>(Math.min(INSERT_BATCH, sheet.size()));
        for (Rate rate : sheet) {
            batch.add(RateCodec.toDocument(rate, importId));
            if (batch.size() == INSERT_BATCH) {
                rates.insertMany(batch, new InsertManyOptions().ordered(false));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            rates.insertMany(batch, new InsertManyOptions().ordered(false));
        }
        // the commit: from here on every reader sees the whole sheet
        imports.insertOne(RateCodec.importDocument(importId, validFrom, now, sheet.size(), source));

        int superseded = 0;
        for (RateCodec.Import older : committed(database).values()) {
            if (older.id().equals(importId) || !older.importedAt().isBefore(now)) {
                continue;
            }
            if (!older.validFrom().isBefore(validFrom)) {
                imports.deleteOne(Filters.eq(RateFields.ID, older.id()));
                rates.deleteMany(Filters.eq(RateFields.IMPORT_ID, older.id()));
                superseded++;
            } else {
                rates.deleteMany(Filters.and(Filters.eq(RateFields.IMPORT_ID, older.id()),
                        Filters.gte(RateFields.VALID_FROM, Date.from(validFrom))));
                rates.updateMany(Filters.and(Filters.eq(RateFields.IMPORT_ID, older.id()),
                                Filters.or(Filters.eq(RateFields.VALID_TO, null),
                                        Filters.gt(RateFields.VALID_TO, Date.from(validFrom)))),
                        Updates.set(RateFields.VALID_TO, Date.from(validFrom)));
            }
        }
        return new Imported(importId, sheet.size(), superseded, removeAbandoned(database, importId, now));
    }

    private static int removeAbandoned(MongoDatabase database, String ownImport, Instant now) {
        Set<String> committed = committed(database).keySet();
        Set<String> abandoned = new HashSet<>();
        for (String importId : RateCollections.rates(database).distinct(RateFields.IMPORT_ID, String.class)) {
            if (importId.equals(ownImport) || committed.contains(importId)) {
                continue;
            }
            String[] parts = importId.split("-");
            try {
                if (parts.length == 3 && now.toEpochMilli() - Long.parseLong(parts[1]) > ABANDONED_AFTER_MILLIS) {
                    abandoned.add(importId);
                }
            } catch (NumberFormatException e) {
                // not one of ours: leave it
            }
        }
        if (!abandoned.isEmpty()) {
            RateCollections.rates(database).deleteMany(Filters.in(RateFields.IMPORT_ID, abandoned));
        }
        return abandoned.size();
    }

    private static Map<String, RateCodec.Import> committed(MongoDatabase database) {
        Map<String, RateCodec.Import> imports = new HashMap<>();
        for (Document document : RateCollections.imports(database).find()) {
            RateCodec.Import imported = RateCodec.importOf(document);
            imports.put(imported.id(), imported);
        }
        return imports;
    }
}
