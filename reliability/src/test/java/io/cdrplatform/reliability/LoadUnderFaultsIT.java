package io.cdrplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrplatform.reliability.api.ApiClient;
import io.cdrplatform.reliability.calls.CallGenerator;
import io.cdrplatform.reliability.calls.CallOracle;
import io.cdrplatform.reliability.calls.Deliveries;
import io.cdrplatform.reliability.calls.ExpectedCdr;
import io.cdrplatform.reliability.calls.ExpectedLive;
import io.cdrplatform.reliability.calls.ExpectedStats;
import io.cdrplatform.reliability.calls.GeneratedCall;
import io.cdrplatform.reliability.calls.GeneratedEvent;
import io.cdrplatform.reliability.calls.GeneratedEvent.EventKind;
import io.cdrplatform.reliability.local.CdrLocalProcess;
import io.cdrplatform.reliability.local.LocalEnvironment;
import io.cdrplatform.reliability.local.RebuildCounters;
import io.cdrplatform.reliability.local.RedisProcess;
import io.cdrplatform.reliability.sns.LoadPublisher;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline (the runnable cdr-local) under the load while things break: 10,000
 * calls' events, 35% of them delivered twice, fully shuffled, published by four threads in
 * {@code PublishBatch} calls; meanwhile its Redis is killed with SIGKILL and comes back empty, and
 * cdr-local itself is killed with SIGKILL and restarted. Everything is checked against
 * {@link CallOracle}, computed from the generated calls alone: every CDR field by field, {@code /stats}
 * and {@code /live} of every campaign. Lost calls and double counts are counted and must be zero.
 *
 * <p>Then a second wave (the ends of calls held back from the first, again 35% redelivered) checks
 * that counters stay exact after {@code rebuild-counters} as traffic goes on.
 */
class LoadUnderFaultsIT {

    private static final int CALLS = 10_000;
    private static final double REDELIVERED = 0.35;
    private static final double HELD_BACK_ENDS = 0.08;
    private static final int PUBLISHER_THREADS = 4;
    private static final Instant DAY = Instant.parse("2024-05-06T00:00:00Z");
    private static final List<String> CAMPAIGNS = List.of("load-a", "load-b", "load-c", "load-d", "load-e",
            "load-f", "load-g", "load-h");
    private static final String DAY_RANGE = "startDate=2024-05-06&endDate=2024-05-06";
    /** A non-default tariff, so the cost rule is checked with increments: 30 s first, then 6 s. */
    private static final CallOracle ORACLE = new CallOracle(new BigDecimal("0.05"), 30, 6);

    @TempDir
    Path work;

    private EmbeddedRedisServer redis;
    private CdrLocalProcess cdrLocal;
    private LoadPublisher publisher;

    @AfterEach
    void stopEverything() {
        if (publisher != null) {
            publisher.close();
        }
        if (cdrLocal != null) {
            cdrLocal.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void shuffledRedeliveredLoadThroughARedisKillAndACdrLocalKillLosesNoCallAndCountsNoneTwice() throws Exception {
        Report report = new Report("load-under-faults");
        long testStart = System.nanoTime();

        // given cdr-local (its own embedded MongoDB on disk) using a Redis the test can kill
        redis = EmbeddedRedisServer.start();
        LocalEnvironment env = LocalEnvironment.onFreePorts(work.resolve("data"))
                .with("REDIS_URL", redis.uri())
                .with("COST_PER_MINUTE", "0.05")
                .with("BILLING_INCREMENT", "30/6")
                .with("LOCAL_BRIDGE", "false");
        cdrLocal = new CdrLocalProcess(CdrLocalProcess.defaultJar(), env, report.artifact("cdr-local.log"),
                List.of("-Xmx1g")).start();
        ApiClient api = new ApiClient(env.httpApi());

        // and 10,000 generated calls; some calls' ends are held back for a second wave
        Random random = new Random(20240506L);
        List<GeneratedCall> calls = new CallGenerator(11L, DAY, "load-").generate(CALLS, CAMPAIGNS);
        Map<String, GeneratedCall> callsById = calls.stream()
                .collect(Collectors.toMap(GeneratedCall::callId, call -> call, (a, b) -> a, LinkedHashMap::new));
        List<GeneratedEvent> firstWave = new ArrayList<>();
        List<GeneratedEvent> secondWave = new ArrayList<>();
        for (GeneratedCall call : calls) {
            boolean holdBackEnd = call.events().size() > 1 && call.events().get(0).kind() == EventKind.INITIATED
                    && random.nextDouble() < HELD_BACK_ENDS;
            for (GeneratedEvent event : call.events()) {
                (holdBackEnd && event.kind() == EventKind.ENDED ? secondWave : firstWave).add(event);
            }
        }
        Deliveries deliveries = Deliveries.of(firstWave, REDELIVERED, random);
        report.line("Load: %,d calls in %d campaigns, %,d distinct events (+%,d held back for the second wave), "
                        + "%,d redelivered (%.0f%%), %,d messages fully shuffled, %d publisher threads, PublishBatch of 10",
                CALLS, CAMPAIGNS.size(), firstWave.size(), secondWave.size(), deliveries.redelivered(),
                100.0 * deliveries.redelivered() / firstWave.size(), deliveries.size(), PUBLISHER_THREADS);
        report.line("Scenarios: %s", calls.stream().collect(Collectors.groupingBy(GeneratedCall::scenario,
                java.util.TreeMap::new, Collectors.counting())));

        // when the first wave is published while Redis and then cdr-local are killed
        publisher = new LoadPublisher(env.snsEndpoint(), LocalEnvironment.TOPIC_ARN, PUBLISHER_THREADS,
                LoadPublisher.Mode.BATCH);
        long loadStart = System.nanoTime();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            try {
                publisher.publishAll(deliveries.messages());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        int total = deliveries.size();
        awaitAcknowledged(publisher::acknowledgedCount, total * 15 / 100, load);
        RedisProcess.kill9(redis.port());
        report.line("Fault 1: redis-server killed with SIGKILL after %,d of %,d messages were acknowledged",
                publisher.acknowledgedCount(), total);
        awaitAcknowledged(publisher::acknowledgedCount, total * 30 / 100, load);
        redis.restart();
        report.line("         restarted empty (persistence off) after %,d acknowledged; publishing never stopped",
                publisher.acknowledgedCount());

        awaitAcknowledged(publisher::acknowledgedCount, total * 55 / 100, load);
        long failedBefore = publisher.failedCalls();
        publisher.pause();
        cdrLocal.kill9();
        publisher.awaitNoCallInFlight();
        Set<GeneratedEvent> acknowledgedBeforeKill = new HashSet<>();
        for (int i = 0; i < total; i++) {
            if (publisher.isAcknowledged(i)) {
                acknowledgedBeforeKill.add(deliveries.events().get(i));
            }
        }
        long callsCutByKill = publisher.failedCalls() - failedBefore;
        long restartStart = System.nanoTime();
        cdrLocal.start();
        long restartMillis = (System.nanoTime() - restartStart) / 1_000_000;
        long lostAcknowledged = acknowledgedEventsNotShown(api, acknowledgedBeforeKill, callsById);
        report.line("Fault 2: cdr-local killed with SIGKILL after %,d messages were acknowledged (%,d distinct events); "
                        + "%d publish calls in flight failed; restarted in %,d ms (ready reported after %,d ms)",
                publisher.acknowledgedCount(), acknowledgedBeforeKill.size(), callsCutByKill, restartMillis,
                cdrLocal.readyMillis());
        report.line("         acknowledged events not visible after the restart: %d", lostAcknowledged);
        publisher.resume();
        load.get(10, TimeUnit.MINUTES);
        long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
        report.line("First wave acknowledged: %,d messages in %,d ms (%,.0f messages/s with both faults), "
                        + "%,d calls, %,d failed calls, %,d entries published again by the producer, failures %s",
                total, loadMillis, total * 1000.0 / loadMillis, publisher.calls(), publisher.failedCalls(),
                publisher.republishedEntries(), publisher.failureKinds());
        assertThat(publisher.refused()).as("messages the endpoint refused").isEmpty();

        // then, before any repair, Redis lost counts but never counts a call twice
        Map<String, List<ExpectedCdr>> expectedByCampaign = expectedCdrs(calls, firstWave);
        long excessBeforeRebuild = 0;
        long shortfallBeforeRebuild = 0;
        for (String campaign : CAMPAIGNS) {
            JsonNode live = api.getJson("/campaigns/" + campaign + "/live");
            ExpectedLive expected = ORACLE.live(expectedByCampaign.get(campaign));
            excessBeforeRebuild += expected.excess(live);
            shortfallBeforeRebuild += expected.shortfall(live);
        }
        report.line("Counters after the Redis data loss, before rebuild-counters: %,d below the truth, %d above it",
                shortfallBeforeRebuild, excessBeforeRebuild);

        // when the operator rebuilds the counters
        RebuildCounters.Result rebuild = RebuildCounters.run(RebuildCounters.defaultJar(), env.mongoUri(), redis.uri(),
                report.artifact("rebuild-counters.log"));
        report.line("rebuild-counters: exit %d in %,d ms", rebuild.exitStatus(), rebuild.millis());
        assertThat(rebuild.exitStatus()).as("rebuild-counters exit status, see " + rebuild.output()).isZero();

        // then every CDR, /stats and /live equal the oracle's
        Verification first = verifyEverything(api, expectedByCampaign, report, "after the first wave");

        // when the held-back ends arrive (35% redelivered) with counters maintained incrementally again
        Deliveries second = Deliveries.of(secondWave, REDELIVERED, random);
        long secondStart = System.nanoTime();
        publisher.publishAll(second.messages());
        report.line("Second wave: %,d ends of talking calls, %,d messages with redeliveries, acknowledged in %,d ms",
                secondWave.size(), second.size(), (System.nanoTime() - secondStart) / 1_000_000);
        List<GeneratedEvent> allEvents = new ArrayList<>(firstWave);
        allEvents.addAll(secondWave);
        Verification after = verifyEverything(api, expectedCdrs(calls, allEvents), report, "after the second wave");

        long lost = lostAcknowledged + first.lostCalls() + after.lostCalls();
        long doubleCounted = excessBeforeRebuild + first.doubleCounts() + after.doubleCounts();
        report.line("LOST CALLS OR ACKNOWLEDGED EVENTS: %d; DOUBLE COUNTS: %d; CDR fields wrong: %d; stats/live fields wrong: %d",
                lost, doubleCounted, first.cdrMismatches().size() + after.cdrMismatches().size(),
                first.aggregateMismatches().size() + after.aggregateMismatches().size());
        report.line("cdr-local alive at the end: %s; whole test %,d s", cdrLocal.isAlive(),
                (System.nanoTime() - testStart) / 1_000_000_000);
        report.write();

        assertThat(lost).as("lost calls or acknowledged events").isZero();
        assertThat(doubleCounted).as("double counts").isZero();
        assertThat(first.cdrMismatches()).as("CDR fields after the first wave").isEmpty();
        assertThat(first.aggregateMismatches()).as("stats and live after the first wave").isEmpty();
        assertThat(after.cdrMismatches()).as("CDR fields after the second wave").isEmpty();
        assertThat(after.aggregateMismatches()).as("stats and live after the second wave").isEmpty();
        assertThat(cdrLocal.isAlive()).isTrue();
    }

    private static void awaitAcknowledged(IntSupplier acknowledged, int target, CompletableFuture<Void> load)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (acknowledged.getAsInt() < target) {
            if (load.isDone()) {
                load.get();
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acknowledged.getAsInt() + " acknowledged, waiting for " + target);
            }
            Thread.sleep(5);
        }
    }

    /** Expected CDRs per campaign from the delivered events (calls with no delivered event have none). */
    private static Map<String, List<ExpectedCdr>> expectedCdrs(List<GeneratedCall> calls, Collection<GeneratedEvent> delivered) {
        Map<String, List<GeneratedEvent>> byCall = delivered.stream()
                .collect(Collectors.groupingBy(GeneratedEvent::callId));
        Map<String, List<ExpectedCdr>> byCampaign = new LinkedHashMap<>();
        CAMPAIGNS.forEach(campaign -> byCampaign.put(campaign, new ArrayList<>()));
        for (GeneratedCall call : calls) {
            List<GeneratedEvent> events = byCall.get(call.callId());
            if (events != null) {
                byCampaign.get(call.campaignId()).add(ORACLE.expect(call, events));
            }
        }
        return byCampaign;
    }

    /** Acknowledged events whose effect the API does not show (each one a loss). */
    private static long acknowledgedEventsNotShown(ApiClient api, Set<GeneratedEvent> acknowledged,
            Map<String, GeneratedCall> callsById) {
        Map<String, JsonNode> shown = new HashMap<>();
        for (String campaign : CAMPAIGNS) {
            for (JsonNode cdr : api.allCdrs(campaign, null, 1000)) {
                shown.put(cdr.get("callId").asText(), cdr);
            }
        }
        Map<String, List<GeneratedEvent>> byCall = acknowledged.stream().collect(Collectors.groupingBy(GeneratedEvent::callId));
        long missing = 0;
        for (Map.Entry<String, List<GeneratedEvent>> call : byCall.entrySet()) {
            JsonNode cdr = shown.get(call.getKey());
            for (GeneratedEvent event : call.getValue()) {
                long samePresses = event.kind() != EventKind.DTMF ? 0 : call.getValue().stream()
                        .filter(other -> other.kind() == EventKind.DTMF && other.digit().equals(event.digit())).count();
                if (cdr == null || !CallOracle.shows(cdr, event, samePresses)) {
                    missing++;
                    if (missing <= 5) {
                        System.out.println("[reliability] acknowledged but not shown: " + event.json() + " in "
                                + callsById.get(call.getKey()).scenario() + " -> " + cdr);
                    }
                }
            }
        }
        return missing;
    }

    private record Verification(long lostCalls, long doubleCounts, List<String> cdrMismatches,
            List<String> aggregateMismatches) {
    }

    private Verification verifyEverything(ApiClient api, Map<String, List<ExpectedCdr>> expectedByCampaign, Report report,
            String when) {
        long start = System.nanoTime();
        long lost = 0;
        long doubleCounts = 0;
        long unexpected = 0;
        long checked = 0;
        List<String> cdrMismatches = new ArrayList<>();
        List<String> aggregateMismatches = new ArrayList<>();
        for (String campaign : CAMPAIGNS) {
            List<ExpectedCdr> expected = expectedByCampaign.get(campaign);
            Map<String, ExpectedCdr> expectedById = expected.stream()
                    .collect(Collectors.toMap(ExpectedCdr::callId, cdr -> cdr));
            Map<String, Integer> seen = new HashMap<>();
            for (JsonNode cdr : api.allCdrs(campaign, null, 1000)) {
                String callId = cdr.get("callId").asText();
                if (seen.merge(callId, 1, Integer::sum) > 1) {
                    doubleCounts++;
                    continue;
                }
                ExpectedCdr want = expectedById.get(callId);
                if (want == null) {
                    unexpected++;
                    continue;
                }
                checked++;
                List<String> differences = ORACLE.differences(want, cdr);
                if (!differences.isEmpty() && cdrMismatches.size() < 20) {
                    cdrMismatches.add(callId + ": " + differences);
                }
            }
            lost += expectedById.keySet().stream().filter(callId -> !seen.containsKey(callId)).count();

            // stats over the whole day (UTC hours), and over a part of it in another zone
            ExpectedStats stats = ORACLE.stats(expected, ZoneOffset.UTC);
            stats.differences(api.getJson("/campaigns/" + campaign + "/stats?" + DAY_RANGE))
                    .forEach(difference -> aggregateMismatches.add(campaign + " stats: " + difference));
            Instant from = DAY.plusSeconds(6 * 3600);
            Instant until = DAY.plusSeconds(13 * 3600 + 1800);
            ExpectedStats partStats = ORACLE.stats(expected.stream()
                    .filter(cdr -> !cdr.startTime().isBefore(from) && !cdr.startTime().isAfter(until)).toList(),
                    ZoneId.of("Europe/Paris"));
            partStats.differences(api.getJson("/campaigns/" + campaign + "/stats?startDate=" + from + "&endDate=" + until
                            + "&tz=Europe/Paris"))
                    .forEach(difference -> aggregateMismatches.add(campaign + " stats 06:00-13:30Z Paris: " + difference));
            JsonNode live = api.getJson("/campaigns/" + campaign + "/live");
            ExpectedLive expectedLive = ORACLE.live(expected);
            doubleCounts += expectedLive.excess(live);
            expectedLive.differences(live).forEach(difference -> aggregateMismatches.add(campaign + " live: " + difference));
        }
        report.line("Checked %s: %,d CDRs field by field, /stats (2 ranges) and /live of %d campaigns in %,d ms: "
                        + "%d lost, %d double counts, %d unexpected, %d CDR mismatches, %d stats/live mismatches",
                when, checked, CAMPAIGNS.size(), (System.nanoTime() - start) / 1_000_000, lost, doubleCounts, unexpected,
                cdrMismatches.size(), aggregateMismatches.size());
        cdrMismatches.stream().limit(5).forEach(mismatch -> report.line("  CDR mismatch %s", mismatch));
        aggregateMismatches.stream().limit(10).forEach(mismatch -> report.line("  %s", mismatch));
        return new Verification(lost + unexpected, doubleCounts, cdrMismatches, aggregateMismatches);
    }
}
