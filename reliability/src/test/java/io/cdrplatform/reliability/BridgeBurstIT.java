package io.cdrplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrplatform.reliability.api.ApiClient;
import io.cdrplatform.reliability.api.Csv;
import io.cdrplatform.reliability.local.CdrLocalProcess;
import io.cdrplatform.reliability.local.LocalEnvironment;
import io.cdrplatform.reliability.pbx.AvayaLines;
import io.cdrplatform.reliability.pbx.PbxLink;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The avaya-bridge inside the runnable cdr-local under a 100,000-record burst from four PBX
 * connections, with hostile lines mixed in, and cdr-local killed with SIGKILL in the middle.
 *
 * <p>The PBX protocol has no acknowledgement, so what a PBX knows is only that a link broke. The
 * burst goes in two parts. Part A (half the records) is sent at full speed on four links that are
 * then closed cleanly, and the test waits until the bridge's {@code /health} reports every line of
 * it taken (fsync'ed to the spool); part A is never sent again, so its records can only reach
 * MongoDB through the spool surviving the kill (most of them are still unpublished when it comes).
 * Part B is sent paced on four new links; cdr-local is killed with SIGKILL a third of the way in and
 * started again; each PBX link notices the broken connection, reconnects and, not knowing what the
 * bridge had taken, sends its whole part B again (records carry no sequence number: the bridge's
 * deterministic callId makes the resend harmless). Then every record must be exactly one CDR with
 * the right fields, the counters must count each once, no hostile line may become a CDR, and every
 * hostile line must be in the rejected-lines file.
 *
 * <p>cdr-local runs here as the bridge runs in production, beside stores that outlive it: MongoDB
 * and Redis are external ({@code MONGODB_URI}: an in-memory MongoDB wire server; {@code REDIS_URL}),
 * so the kill hits the bridge's spool, the SNS endpoint and the cdr-logger, not the stores. The
 * embedded store's own durability under SIGKILL is {@link LoadUnderFaultsIT}'s subject; on it this
 * burst takes about four times longer (the embedded store's speed, see BENCHMARKS.md, end to end).
 */
class BridgeBurstIT {

    private static final int RECORDS = 100_000;
    private static final int CONNECTIONS = 4;
    private static final int HOSTILE = 400;
    private static final int PACED_LINES_PER_SECOND_PER_LINK = 2_500;
    private static final String CAMPAIGN = "pbx-burst";
    /** Links {@code c} with {@code c >= SEED_LINKS} belong to PBX {@code pbx-b} (its own port, a customized layout). */
    private static final int SEED_LINKS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private EmbeddedRedisServer redis;
    private EmbeddedMongo mongo;
    private CdrLocalProcess cdrLocal;

    @AfterEach
    void stopEverything() {
        if (cdrLocal != null) {
            cdrLocal.close();
        }
        if (redis != null) {
            redis.stop();
        }
        if (mongo != null) {
            mongo.stop();
        }
    }

    @Test
    void everyRecordOfABurstWithAKill9InTheMiddleBecomesExactlyOneCdr() throws Exception {
        Report report = new Report("bridge-burst");
        long testStart = System.nanoTime();

        // given cdr-local with its bridge serving two PBXs (the default one sending the seed layout, pbx-b on its
        // own port a customized CM record with an authorization code), and a MongoDB and a Redis that outlive its kill
        redis = EmbeddedRedisServer.start();
        mongo = EmbeddedMongo.start();
        int pbxBPort = io.cdrplatform.testsupport.FreePorts.next();
        LocalEnvironment env = LocalEnvironment.onFreePorts(work.resolve("data"))
                .with("PBX_SITES", "[{name: pbx-b, port: " + pbxBPort + ", format: '" + AvayaLines.CUSTOM_FORMAT
                        + "'}]")
                .with("REDIS_URL", redis.uri())
                .with("MONGODB_URI", mongo.connectionString())
                .with("CALL_RECORDS_VERSION_INDEX", "true")
                .with("AVAYA_CAMPAIGN_ID", CAMPAIGN)
                .with("PBX_TIMEZONE", "UTC");
        cdrLocal = new CdrLocalProcess(CdrLocalProcess.defaultJar(), env, report.artifact("cdr-local.log"),
                List.of()).start();
        ApiClient api = new ApiClient(env.httpApi());
        ApiClient health = new ApiClient(env.bridgeHealth().resolve("/"));

        // and 100,000 distinct records plus 400 hostile lines, spread over four links per part (half of them pbx-b's)
        List<AvayaLines.Record> records = AvayaLines.records(9L, RECORDS, i -> i % CONNECTIONS >= SEED_LINKS);
        List<byte[]> hostile = AvayaLines.hostile(HOSTILE);
        List<List<byte[]>> partA = new ArrayList<>();
        List<List<byte[]>> partB = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            partA.add(new ArrayList<>());
            partB.add(new ArrayList<>());
        }
        int hostileEvery = RECORDS / HOSTILE;
        for (int i = 0; i < RECORDS; i++) {
            List<List<byte[]>> part = i < RECORDS / 2 ? partA : partB;
            part.get(i % CONNECTIONS).add(records.get(i).bytes());
            if (i % hostileEvery == hostileEvery / 2) {
                // on the seed-layout links: pbx-b's would mask positions of them, and the check reads them back
                part.get((i / hostileEvery) % SEED_LINKS).add(hostile.get(i / hostileEvery));
            }
        }
        int hostileInA = (int) partA.stream().flatMap(List::stream).filter(hostile::contains).count();
        report.line("Burst: %,d distinct records + %d hostile lines (control bytes, escape sequences, binary, "
                        + "impossible date, 61-minute duration, SQL, 5 KB and 200 KB lines) over %d PBX links per part: "
                        + "%d to the default PBX (seed layout), %d to PBX pbx-b on its own port (customized layout %s: "
                        + "seconds, condition codes, VDN, authorization code)",
                RECORDS, HOSTILE, CONNECTIONS, SEED_LINKS, CONNECTIONS - SEED_LINKS, AvayaLines.CUSTOM_FORMAT);

        // when part A is sent at full speed and taken by the bridge
        long partAStart = System.nanoTime();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int port = c < SEED_LINKS ? env.pbxPort() : pbxBPort;
            List<byte[]> lines = partA.get(c);
            senders.add(CompletableFuture.runAsync(() -> sendAtFullSpeed(port, lines)));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        awaitHealth(health, node -> node.path("linesReceived").asLong() >= RECORDS / 2
                && node.path("linesRejected").asLong() >= hostileInA, Duration.ofMinutes(2));
        JsonNode atPartA = health.getJson("/health");
        report.line("Part A: %,d records + %d hostile lines sent on %d links and taken (fsync'ed) in %,d ms: /health linesReceived %,d, "
                        + "linesRejected %,d, spoolDepth %,d still to publish",
                RECORDS / 2, hostileInA, CONNECTIONS, (System.nanoTime() - partAStart) / 1_000_000,
                atPartA.path("linesReceived").asLong(), atPartA.path("linesRejected").asLong(),
                atPartA.path("spoolDepth").asLong());

        // and part B is sent paced, cdr-local killed a third of the way in and restarted
        AtomicLong written = new AtomicLong();
        AtomicLong resentLines = new AtomicLong();
        AtomicLong brokenLinks = new AtomicLong();
        int partBLines = partB.stream().mapToInt(List::size).sum();
        long partBStart = System.nanoTime();
        senders.clear();
        for (int c = 0; c < CONNECTIONS; c++) {
            int port = c < SEED_LINKS ? env.pbxPort() : pbxBPort;
            List<byte[]> lines = partB.get(c);
            senders.add(CompletableFuture.runAsync(() -> sendPacedResendingAfterABreak(port, lines, written,
                    resentLines, brokenLinks)));
        }
        while (written.get() < partBLines / 3) {
            Thread.sleep(2);
        }
        JsonNode beforeKill = health.getJson("/health");
        cdrLocal.kill9();
        long killedAt = System.nanoTime();
        report.line("Fault: cdr-local killed with SIGKILL after %,d of %,d part-B lines were written; spool depth before "
                        + "the kill %,d", written.get(), partBLines, beforeKill.path("spoolDepth").asLong());
        cdrLocal.start();
        report.line("       restarted in %,d ms", (System.nanoTime() - killedAt) / 1_000_000);
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        report.line("Part B: %d links broke and were reconnected; %,d lines sent again; all sent %,d ms after part B began",
                brokenLinks.get(), resentLines.get(), (System.nanoTime() - partBStart) / 1_000_000);

        // then every record becomes a CDR, and the spool drains
        awaitLiveTotal(api, RECORDS, Duration.ofMinutes(8));
        awaitHealth(health, node -> node.path("spoolDepth").asLong() == 0, Duration.ofMinutes(5));
        long drainedMillis = (System.nanoTime() - partAStart) / 1_000_000;
        report.line("All %,d records visible as CDRs and the spool empty %,d ms after the burst began (%,.0f records/s end to end, "
                + "kill and resends included)", RECORDS, drainedMillis, RECORDS * 1000.0 / drainedMillis);

        // and each record is exactly one CDR with the record's fields
        ApiClient.Answer export = api.get("/campaigns/" + CAMPAIGN + "/cdrs?format=csv");
        assertThat(export.status()).isEqualTo(200);
        List<Map<String, String>> rows = Csv.parse(export.body());
        Map<String, List<Map<String, String>>> rowsByCaller = new HashMap<>();
        for (Map<String, String> row : rows) {
            String caller = JSON.readTree(row.get("metadata")).path("callingNumber").asText();
            rowsByCaller.computeIfAbsent(caller, k -> new ArrayList<>()).add(row);
        }
        long lost = 0;
        long doubled = 0;
        List<String> wrong = new ArrayList<>();
        for (AvayaLines.Record record : records) {
            List<Map<String, String>> mine = rowsByCaller.remove(record.callingNumber());
            if (mine == null) {
                lost++;
                continue;
            }
            doubled += mine.size() - 1;
            List<String> differences = differences(record, mine.get(0));
            if (!differences.isEmpty() && wrong.size() < 10) {
                wrong.add(record.text() + " -> " + differences);
            }
        }
        long notFromARecord = rowsByCaller.values().stream().mapToLong(List::size).sum();
        JsonNode live = api.getJson("/campaigns/" + CAMPAIGN + "/live");
        JsonNode stats = api.getJson("/campaigns/" + CAMPAIGN + "/stats");
        long answered = records.stream().filter(record -> record.outcome().equals("answered")).count();
        long busy = records.stream().filter(record -> record.outcome().equals("busy")).count();
        long noAnswer = records.stream().filter(record -> record.outcome().equals("no_answer")).count();
        List<String> countersWrong = new ArrayList<>();
        expect(countersWrong, "live totalAttempts", live.path("totalAttempts").asLong(), RECORDS);
        expect(countersWrong, "live answered", live.path("answered").asLong(), answered);
        expect(countersWrong, "live noAnswer", live.path("noAnswer").asLong(), noAnswer);
        expect(countersWrong, "live busy", live.path("busy").asLong(), busy);
        expect(countersWrong, "live activeCalls", live.path("activeCalls").asLong(), 0);
        expect(countersWrong, "stats totalAttempts", stats.path("totalAttempts").asLong(), RECORDS);
        expect(countersWrong, "stats answered", stats.path("answered").asLong(), answered);
        expect(countersWrong, "stats noAnswer", stats.path("noAnswer").asLong(), noAnswer);
        expect(countersWrong, "stats totalDurationSeconds", stats.path("totalDurationSeconds").asLong(),
                records.stream().mapToLong(AvayaLines.Record::durationSeconds).sum());
        report.line("CSV export: %,d rows; records without a CDR %d, records with more than one %d, CDRs from no record %d, "
                + "records with wrong fields %d, counters/stats wrong %d", rows.size(), lost, doubled, notFromARecord,
                wrong.size(), countersWrong.size());
        wrong.forEach(line -> report.line("  %s", line));
        countersWrong.forEach(line -> report.line("  %s", line));

        // and every hostile line was set aside in the rejected-lines file, none became a CDR
        List<String> rejected = new ArrayList<>();
        for (String line : Files.readAllLines(env.spoolDir().resolve("rejected-lines.jsonl"), StandardCharsets.UTF_8)) {
            rejected.add(JSON.readTree(line).path("line").asText());
        }
        long hostileMissing = hostile.stream().map(AvayaLines::rejectedPrefix)
                .filter(prefix -> rejected.stream().noneMatch(line -> line.startsWith(prefix))).count();
        report.line("Rejected-lines file: %,d entries; hostile lines not in it: %d; cdr-local alive: %s; whole test %,d s",
                rejected.size(), hostileMissing, cdrLocal.isAlive(), (System.nanoTime() - testStart) / 1_000_000_000);
        report.line("LOST RECORDS: %d; DOUBLE COUNTS: %d", lost, doubled + notFromARecord
                + Math.max(0, live.path("totalAttempts").asLong() - RECORDS));
        report.write();

        assertThat(lost).as("records without a CDR").isZero();
        assertThat(doubled).as("records with more than one CDR").isZero();
        assertThat(notFromARecord).as("CDRs that are no record (a hostile line?)").isZero();
        assertThat(wrong).as("CDR fields").isEmpty();
        assertThat(countersWrong).as("counters and stats").isEmpty();
        assertThat(hostileMissing).as("hostile lines missing from the rejected-lines file").isZero();
        assertThat(cdrLocal.isAlive()).isTrue();
    }

    private static List<String> differences(AvayaLines.Record record, Map<String, String> row) {
        List<String> out = new ArrayList<>();
        check(out, "phoneNumber", record.callingNumber(), row.get("phoneNumber"));
        check(out, "source", "avaya", row.get("source"));
        check(out, "status", "completed", row.get("status"));
        check(out, "outcome", record.outcome(), row.get("outcome"));
        check(out, "endTime", record.endedAt(), Instant.parse(row.get("endTime")));
        check(out, "startTime", record.startedAt(), Instant.parse(row.get("startTime")));
        check(out, "duration", Long.toString(record.durationSeconds()), row.get("duration"));
        try {
            JsonNode metadata = JSON.readTree(row.get("metadata"));
            check(out, "metadata.calledNumber", record.calledNumber(), metadata.path("calledNumber").asText());
            if (record.customized()) {
                check(out, "metadata.conditionCode", record.conditionCode(), metadata.path("conditionCode").asText());
                check(out, "metadata.pbx", "pbx-b", metadata.path("pbx").asText());
            } else {
                check(out, "metadata.callCode", record.callCode(), metadata.path("callCode").asText());
                check(out, "metadata.pbx", "", metadata.path("pbx").asText());
            }
            check(out, "metadata.rawLine (authorization code masked)", record.rawLine(),
                    metadata.path("rawLine").asText().strip());
        } catch (IOException e) {
            out.add("metadata not JSON: " + row.get("metadata"));
        }
        return out;
    }

    private static void check(List<String> out, String field, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            out.add(field + ": expected " + expected + ", got " + actual);
        }
    }

    private static void expect(List<String> out, String what, long actual, long expected) {
        if (actual != expected) {
            out.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    /** One link: everything as fast as TCP takes it, then a clean close. */
    private static void sendAtFullSpeed(int port, List<byte[]> lines) {
        try (PbxLink link = PbxLink.connect("127.0.0.1", port, Duration.ofSeconds(30))) {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 16);
            for (byte[] line : lines) {
                chunk.writeBytes(line);
                if (chunk.size() >= 1 << 16) {
                    link.write(chunk.toByteArray());
                    chunk.reset();
                }
            }
            link.write(chunk.toByteArray());
            link.flush();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("PBX link failed", e);
        }
    }

    /**
     * One paced link that, when the bridge goes away, reconnects and sends everything of this link
     * again, until it got through all of it on one unbroken connection.
     */
    private static void sendPacedResendingAfterABreak(int port, List<byte[]> lines, AtomicLong written,
            AtomicLong resentLines, AtomicLong brokenLinks) {
        int perTick = PACED_LINES_PER_SECOND_PER_LINK / 100;
        boolean resending = false;
        while (true) {
            try (PbxLink link = PbxLink.connect("127.0.0.1", port, Duration.ofMinutes(2))) {
                long next = System.nanoTime();
                for (int i = 0; i < lines.size(); i += perTick) {
                    ByteArrayOutputStream tick = new ByteArrayOutputStream();
                    int end = Math.min(lines.size(), i + perTick);
                    lines.subList(i, end).forEach(tick::writeBytes);
                    link.write(tick.toByteArray());
                    link.flush();
                    (resending ? resentLines : written).addAndGet(end - i);
                    next += 10_000_000L;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                }
                // a moment for a reset to arrive, so a break at the very end is noticed too
                Thread.sleep(300);
                if (!link.closedByBridge()) {
                    return;
                }
                brokenLinks.incrementAndGet();
            } catch (IOException e) {
                brokenLinks.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            resending = true;
        }
    }

    private static void awaitHealth(ApiClient health, java.util.function.Predicate<JsonNode> condition, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            ApiClient.Answer answer = health.get("/health");
            if (answer.status() == 200) {
                last = answer.json();
                if (condition.test(last)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("bridge health never got there; last: " + last);
    }

    private static void awaitLiveTotal(ApiClient api, long total, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = api.getJson("/campaigns/" + CAMPAIGN + "/live").path("totalAttempts").asLong();
            if (seen >= total) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + seen + " of " + total + " records became CDRs");
    }
}
