package io.cdrplatform.bridge.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    private static final Instant T0 = Instant.parse("2025-09-17T15:48:00Z");
    private static final long SMALL_SEGMENTS = 4096;

    @TempDir
    Path dir;

    @Test
    void appendedLinesAreReadBackInOrderWithTheirReceiveTimeOnceCommitted() throws Exception {
        try (Spool spool = Spool.open(dir, 1 << 20, List.of("sns"))) {
            long end = spool.append(T0, List.of("a", "b")).get(5, TimeUnit.SECONDS);
            long end2 = spool.append(T0.plusSeconds(1), List.of("c")).get(5, TimeUnit.SECONDS);

            assertThat(end).isEqualTo(2);
            assertThat(end2).isEqualTo(3);
            assertThat(spool.committedEnd()).isEqualTo(3);
            try (SpoolReader reader = spool.openReader("sns")) {
                SpoolBatch batch = reader.read(10, Duration.ZERO);
                assertThat(batch.entries()).containsExactly(
                        new SpoolEntry(0, T0, "a"), new SpoolEntry(1, T0, "b"), new SpoolEntry(2, T0.plusSeconds(1), "c"));
                assertThat(batch.endSeq()).isEqualTo(3);
            }
        }
    }

    @Test
    void eachSinkResumesFromItsPersistedCursorAfterAReopenAndNewLinesContinueTheNumbering() throws Exception {
        // given ten lines, sns has delivered six and postgres three
        try (Spool spool = Spool.open(dir, 1 << 20, List.of("sns", "postgres"))) {
            spool.append(T0, lines(0, 10)).get(5, TimeUnit.SECONDS);
            spool.markDelivered("sns", 6);
            spool.markDelivered("postgres", 3);
            spool.checkpoint();
        }

        // when the spool is opened again
        try (Spool spool = Spool.open(dir, 1 << 20, List.of("sns", "postgres"))) {
            // then each sink goes on where it was, and nothing was lost
            assertThat(readAll(spool, "sns")).extracting(SpoolEntry::line).containsExactlyElementsOf(lines(6, 10));
            assertThat(readAll(spool, "postgres")).extracting(SpoolEntry::line).containsExactlyElementsOf(lines(3, 10));
            assertThat(spool.depth()).isEqualTo(7);
            assertThat(spool.append(T0, List.of("next")).get(5, TimeUnit.SECONDS)).isEqualTo(11);
        }
    }

    @Test
    void aLineHalfWrittenWhenTheProcessDiedIsCutOffOnRecovery() throws Exception {
        try (Spool spool = Spool.open(dir, 1 << 20, List.of("sns"))) {
            spool.append(T0, lines(0, 3)).get(5, TimeUnit.SECONDS);
        }
        Path segment = onlySegment();
        Files.write(segment, "0badc0de\t123\tpartial rec".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);

        try (Spool spool = Spool.open(dir, 1 << 20, List.of("sns"))) {
            assertThat(spool.committedEnd()).isEqualTo(3);
            assertThat(readAll(spool, "sns")).extracting(SpoolEntry::line).containsExactlyElementsOf(lines(0, 3));
            assertThat(spool.append(T0, List.of("after")).get(5, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(readAll(spool, "sns")).extracting(SpoolEntry::line).endsWith("after").hasSize(4);
        }
    }

    @Test
    void aDamagedLineIsSkippedButItsPositionIsStillPassed() throws Exception {
        try (Spool spool = Spool.open(dir, 1 << 20, List.of("sns"))) {
            spool.append(T0, List.of("first", "second", "third")).get(5, TimeUnit.SECONDS);
        }
        Path segment = onlySegment();
        String text = Files.readString(segment, StandardCharsets.ISO_8859_1);
        Files.writeString(segment, text.replace("second", "sec0nd"), StandardCharsets.ISO_8859_1);

        try (Spool spool = Spool.open(dir, 1 << 20, List.of("sns"));
             SpoolReader reader = spool.openReader("sns")) {
            SpoolBatch batch = reader.read(10, Duration.ZERO);
            assertThat(batch.entries()).extracting(SpoolEntry::line).containsExactly("first", "third");
            assertThat(batch.endSeq()).isEqualTo(3);
        }
    }

    @Test
    void segmentsAreDeletedOnlyOnceEverySinkHasPassedThem() throws Exception {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS, List.of("sns", "postgres"))) {
            // given enough lines for several segments
            for (int i = 0; i < 20; i++) {
                spool.append(T0, lines(i * 20, i * 20 + 20)).get(5, TimeUnit.SECONDS);
            }
            long segmentsWritten = segmentCount();
            assertThat(segmentsWritten).isGreaterThan(3);

            // when only one sink has passed them, they stay
            spool.markDelivered("sns", 400);
            spool.checkpoint();
            assertThat(segmentCount()).isEqualTo(segmentsWritten);

            // when the other sink has passed them too, only the segment being written remains
            spool.markDelivered("postgres", 400);
            spool.checkpoint();
            assertThat(segmentCount()).isEqualTo(1);
            assertThat(spool.depth()).isZero();
        }
    }

    @Test
    void aNewSinkStartsAtTheOldestLineStillKept() throws Exception {
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS, List.of("sns"))) {
            for (int i = 0; i < 10; i++) {
                spool.append(T0, lines(i * 20, i * 20 + 20)).get(5, TimeUnit.SECONDS);
            }
            spool.markDelivered("sns", 150);
            spool.checkpoint();
        }
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS, List.of("sns", "postgres"))) {
            long first = spool.firstSeq();
            assertThat(first).isBetween(1L, 150L);
            assertThat(readAll(spool, "postgres")).extracting(SpoolEntry::seq).first().isEqualTo(first);
        }
    }

    @Test
    void aReaderWaitsForLinesAndSeesThemOnceCommitted() throws Exception {
        try (Spool spool = Spool.open(dir, 1 << 20, List.of("sns"));
             SpoolReader reader = spool.openReader("sns")) {
            assertThat(reader.read(10, Duration.ofMillis(50)).entries()).isEmpty();

            CompletableFuture<SpoolBatch> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return reader.read(10, Duration.ofSeconds(10));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            spool.append(T0, List.of("late")).get(5, TimeUnit.SECONDS);
            assertThat(waiting.get(10, TimeUnit.SECONDS).entries()).extracting(SpoolEntry::line).containsExactly("late");
        }
    }

    @Test
    void concurrentWritersAndAConcurrentReaderAcrossManySegmentsLoseAndDuplicateNothing() throws Exception {
        int writers = 4;
        int perWriter = 5_000;
        try (Spool spool = Spool.open(dir, SMALL_SEGMENTS, List.of("sns"))) {
            ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            try {
                Future<List<SpoolEntry>> read = pool.submit(() -> {
                    List<SpoolEntry> seen = new ArrayList<>();
                    try (SpoolReader reader = spool.openReader("sns")) {
                        while (seen.size() < writers * perWriter) {
                            SpoolBatch batch = reader.read(777, Duration.ofSeconds(5));
                            seen.addAll(batch.entries());
                            spool.markDelivered("sns", batch.endSeq());
                            spool.checkpoint();
                        }
                    }
                    return seen;
                });
                List<Future<?>> writes = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    writes.add(pool.submit(() -> {
                        for (int i = 0; i < perWriter; i += 50) {
                            List<String> batch = new ArrayList<>();
                            for (int j = i; j < i + 50; j++) {
                                batch.add("w" + writer + "-" + j);
                            }
                            spool.append(T0, batch).get(10, TimeUnit.SECONDS);
                        }
                        return null;
                    }));
                }
                for (Future<?> write : writes) {
                    write.get(60, TimeUnit.SECONDS);
                }
                List<SpoolEntry> seen = read.get(60, TimeUnit.SECONDS);

                assertThat(seen).hasSize(writers * perWriter);
                assertThat(seen).extracting(SpoolEntry::line).doesNotHaveDuplicates();
                for (int i = 0; i < seen.size(); i++) {
                    assertThat(seen.get(i).seq()).isEqualTo(i);
                }
                for (int w = 0; w < writers; w++) {
                    String prefix = "w" + w + "-";
                    List<Integer> order = seen.stream().map(SpoolEntry::line).filter(l -> l.startsWith(prefix))
                            .map(l -> Integer.parseInt(l.substring(prefix.length()))).toList();
                    assertThat(order).isSorted();
                }
                assertThat(segmentCount()).isLessThanOrEqualTo(2);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void afterCloseNothingMoreIsAcceptedAndWhatWasQueuedIsOnDisk() throws Exception {
        Spool spool = Spool.open(dir, 1 << 20, List.of("sns"));
        CompletableFuture<Long> queued = spool.append(T0, lines(0, 100));
        spool.close();

        assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo(100);
        CompletableFuture<Long> late = spool.append(T0, List.of("late"));
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("closed");
        try (Spool reopened = Spool.open(dir, 1 << 20, List.of("sns"))) {
            assertThat(reopened.committedEnd()).isEqualTo(100);
        }
    }

    @Test
    void aSpoolDirectoryServesOneSpoolAtATime() throws Exception {
        try (Spool spool = Spool.open(dir, 1 << 20, List.of("sns"))) {
            assertThatThrownBy(() -> Spool.open(dir, 1 << 20, List.of("sns"))).isInstanceOf(IOException.class)
                    .hasMessageContaining(dir.toString());
        }
        try (Spool again = Spool.open(dir, 1 << 20, List.of("sns"))) {
            assertThat(again.committedEnd()).isZero();
        }
    }

    @Test
    void aLineWithALineEndCannotBeSpooled() throws Exception {
        try (Spool spool = Spool.open(dir, 1 << 20, List.of("sns"))) {
            assertThatThrownBy(() -> spool.append(T0, List.of("a\nb"))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<SpoolEntry> readAll(Spool spool, String sink) throws Exception {
        try (SpoolReader reader = spool.openReader(sink)) {
            return reader.read(Integer.MAX_VALUE, Duration.ZERO).entries();
        }
    }

    private static List<String> lines(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add("170925 1547 00252                    2434 0                " + i);
        }
        return lines;
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("segments"))) {
            List<Path> segments = files.sorted().toList();
            return segments.get(segments.size() - 1);
        }
    }

    private long segmentCount() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("segments"))) {
            return files.count();
        }
    }
}
