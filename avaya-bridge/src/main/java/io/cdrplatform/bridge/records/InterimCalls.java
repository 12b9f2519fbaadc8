package io.cdrplatform.bridge.records;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.CdrField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 10-hour interim records of calls still going on. CM writes a record with condition code 4
 * after each 10 hours of a long call and a final record (another condition code, the last part's
 * duration) when it ends; none of them names the call. The bridge recognises a call's records by
 * what stays the same (PBX, numbers, access codes, circuits, account code, VDN) and by time: each
 * record starts (its end minus its duration) where the previous one ended, within
 * {@link #TOLERANCE}. The final record then carries the count and summed duration of its interim
 * records (in its spool context), so its one CDR starts when the call started and lasts all of it;
 * interim records are never attempts. The table lives in {@code SPOOL_DIR/interim-calls.json},
 * rewritten (fsync'ed) on every change, which happens once per 10 hours of a long call, so a
 * restart between the records of a call loses nothing. A folded call is remembered for two days so
 * that a resent final record folds the same way; unfinished entries are dropped after 31 days.
 */
public final class InterimCalls {

    public static final String FILE_NAME = "interim-calls.json";
    static final Duration TOLERANCE = Duration.ofMinutes(2);
    private static final Duration KEEP_FOLDED = Duration.ofDays(2);
    private static final Duration KEEP_OPEN = Duration.ofDays(31);
    private static final Logger log = LoggerFactory.getLogger(InterimCalls.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One long call: its interim records so far and, once folded, its final record's callId. */
    public record Entry(String key, List<String> interimCallIds, long seconds, long lastEndedAt, String finalCallId) {
        public Entry {
            interimCallIds = List.copyOf(interimCallIds);
        }
    }

    /** What a final record folds in. */
    public record Fold(int records, long seconds) {
    }

    private final Path file;
    private final List<Entry> entries;

    private InterimCalls(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Loads the table from the spool directory (empty when there is none). */
    public static InterimCalls open(Path spoolDir, Instant now) throws IOException {
        Path file = spoolDir.resolve(FILE_NAME);
        List<Entry> entries = new ArrayList<>();
        if (Files.exists(file)) {
            entries.addAll(JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() { }));
        }
        InterimCalls calls = new InterimCalls(file, entries);
        if (calls.expire(now)) {
            calls.save();
        }
        if (!entries.isEmpty()) {
            log.info("{} long calls with interim records are waiting for their final record", entries.size());
        }
        return calls;
    }

    /** An interim record: added to its call (or starting one); persisted before it returns. */
    public synchronized void interim(AvayaRecord record) {
        String key = key(record);
        Instant start = record.startedAt();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.key().equals(key) && entry.finalCallId() == null) {
                if (entry.interimCallIds().contains(record.callId())) {
                    return;
                }
                if (near(start, entry.lastEndedAt())) {
                    List<String> ids = new ArrayList<>(entry.interimCallIds());
                    ids.add(record.callId());
                    entries.set(i, new Entry(key, ids, entry.seconds() + record.durationSeconds(),
                            record.endedAt().getEpochSecond(), null));
                    save();
                    return;
                }
            }
        }
        entries.add(new Entry(key, List.of(record.callId()), record.durationSeconds(), record.endedAt().getEpochSecond(),
                null));
        save();
    }

    /** The interim records a final record folds in, if its call had any; remembered for a resend. */
    public synchronized Optional<Fold> fold(AvayaRecord record) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        String key = key(record);
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (record.callId().equals(entry.finalCallId())) {
                return Optional.of(new Fold(entry.interimCallIds().size(), entry.seconds()));
            }
            if (entry.finalCallId() == null && entry.key().equals(key) && near(record.startedAt(), entry.lastEndedAt())) {
                entries.set(i, new Entry(key, entry.interimCallIds(), entry.seconds(), entry.lastEndedAt(),
                        record.callId()));
                save();
                return Optional.of(new Fold(entry.interimCallIds().size(), entry.seconds()));
            }
        }
        return Optional.empty();
    }

    public synchronized int size() {
        return entries.size();
    }

    private static boolean near(Instant start, long lastEndedAt) {
        return Math.abs(start.getEpochSecond() - lastEndedAt) <= TOLERANCE.toSeconds();
    }

    private boolean expire(Instant now) {
        boolean changed = false;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            Duration keep = entry.finalCallId() == null ? KEEP_OPEN : KEEP_FOLDED;
            if (Instant.ofEpochSecond(entry.lastEndedAt()).plus(keep).isBefore(now)) {
                it.remove();
                changed = true;
            }
        }
        return changed;
    }

    private void save() {
        try {
            Path temp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(entries));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** What the records of one call have in common. */
    static String key(AvayaRecord record) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("pbx", record.pbx());
        for (CdrField field : List.of(CdrField.CALLING_NUM, CdrField.CLG_NUM_IN_TAC, CdrField.DIALED_NUM,
                CdrField.CODE_DIAL, CdrField.CODE_USED, CdrField.IN_TRK_CODE, CdrField.IN_CRT_ID, CdrField.OUT_CRT_ID,
                CdrField.ACCT_CODE, CdrField.VDN)) {
            parts.put(field.cmName(), record.fields().getOrDefault(field, ""));
        }
        return String.join("|", parts.values());
    }
}
