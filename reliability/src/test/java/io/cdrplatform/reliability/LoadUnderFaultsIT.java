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
import java.nio.file.Files;
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
 * {@code PublishBatch} calls. During the first half of the messages cdr-local is killed with SIGKILL
 * twice (publish calls in flight) and restarted; every event acknowledged before a kill must show
 * right after the restart, and once the half is in, every CDR, {@code /stats} and {@code /live} must
 * be exact with no repair. During the second half its Redis is killed with SIGKILL and comes back
 * empty; counters may then be short but never above the truth, and after {@code rebuild-counters}
 * exact again. A last wave (the ends of calls held back, again 35% redelivered) checks that counters
 * stay exact as traffic goes on after the rebuild.
 *
 * <p>Everything is checked against {@link CallOracle}, computed from the generated calls alone: every
 * CDR field by field, {@code /stats} (two ranges, two zones) and {@code /live} of every campaign.
 * Lost calls, lost acknowledged events and double counts are counted and must be zero.
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
                List.of()).start();
        ApiClient api = new ApiClient(env.httpApi());

        // and 10,000 generated calls; some calls' ends are held back for a last wave
        Random random = new Random(20240506L);
        List<GeneratedCall> calls = new CallGenerator(11L, DAY, "load-").generate(CALLS, CAMPAIGNS);
        Map<String, GeneratedCall> callsById = calls.stream()
                .collect(Collectors.toMap(GeneratedCall::callId, call -> call, (a, b) -> a, LinkedHashMap::new));
        List<GeneratedEvent> mainEvents = new ArrayList<>();
        List<GeneratedEvent> heldBackEnds = new ArrayList<>();
        for (GeneratedCall call : calls) {
            boolean holdBackEnd = call.events().size() > 1 && call.events().get(0).kind() == EventKind.INITIATED
                    && random.nextDouble() < HELD_BACK_ENDS;
            for (GeneratedEvent event : call.events()) {
                (holdBackEnd && event.kind() == EventKind.ENDED ? heldBackEnds : mainEvents).add(event);
            }
        }
        Deliveries deliveries = Deliveries.of(mainEvents, REDELIVERED, random);
        report.line("Load: %,d calls in %d campaigns, %,d distinct events (+%,d held back for a last wave), "
                        + "%,d redelivered (%.0f%%), %,d messages fully shuffled, %d publisher threads, PublishBatch of 10",
                CALLS, CAMPAIGNS.size(), mainEvents.size(), heldBackEnds.size(), deliveries.redelivered(),
                100.0 * deliveries.redelivered() / mainEvents.size(), deliveries.size(), PUBLISHER_THREADS);
        report.line("Scenarios: %s", calls.stream().collect(Collectors.groupingBy(GeneratedCall::scenario,
                java.util.TreeMap::new, Collectors.counting())));

        // when the first half of the messages is published while cdr-local is killed with SIGKILL twice
        publisher = new LoadPublisher(env.snsEndpoint(), LocalEnvironment.TOPIC_ARN, PUBLISHER_THREADS,
                LoadPublisher.Mode.BATCH);
        int half = deliveries.size() / 2;
        List<GeneratedEvent> firstHalf = deliveries.events().subList(0, half);
        List<GeneratedEvent> secondHalf = deliveries.events().subList(half, deliveries.size());
        long loadStart = System.nanoTime();
        CompletableFuture<Void> load = publishInBackground(firstHalf);
        long lostAcknowledged = 0;
        for (int kill = 1; kill <= 2; kill++) {
            awaitAcknowledged(firstHalf.size() * (kill == 1 ? 30 : 70) / 100, load);
            lostAcknowledged += kill9AndRestart(firstHalf, api, callsById, report, kill);
        }
        load.get(10, TimeUnit.MINUTES);
        long firstHalfMillis = (System.nanoTime() - loadStart) / 1_000_000;
        report.line("First half acknowledged: %,d messages in %,d ms (%,.0f messages/s with two kills); %,d publish calls, "
                        + "%,d failed, %,d entries published again by the producer, failures %s",
                firstHalf.size(), firstHalfMillis, firstHalf.size() * 1000.0 / firstHalfMillis, publisher.calls(),
                publisher.failedCalls(), publisher.republishedEntries(), publisher.failureKinds());
        assertThat(publisher.refused()).as("messages the endpoint refused").isEmpty();

        // then everything, counters included, is exact without any repair
        Verification afterKills = verifyEverything(api, expectedCdrs(calls, firstHalf), report,
                "after the first half (two cdr-local kills, no repair)");

        // when the second half is published while redis-server is killed with SIGKILL and comes back empty
        long secondHalfStart = System.nanoTime();
        load = publishInBackground(secondHalf);
        awaitAcknowledged(secondHalf.size() * 20 / 100, load);
        RedisProcess.kill9(redis.port());
        report.line("Fault: redis-server killed with SIGKILL after %,d of %,d messages of the second half were acknowledged",
                publisher.acknowledgedCount(), secondHalf.size());
        awaitAcknowledged(secondHalf.size() * 45 / 100, load);
        redis.restart();
        report.line("       restarted empty (persistence off) after %,d acknowledged; publishing never stopped",
                publisher.acknowledgedCount());
        load.get(10, TimeUnit.MINUTES);
        long secondHalfMillis = (System.nanoTime() - secondHalfStart) / 1_000_000;
        report.line("Second half acknowledged: %,d messages in %,d ms (%,.0f messages/s through the Redis outage)",
                secondHalf.size(), secondHalfMillis, secondHalf.size() * 1000.0 / secondHalfMillis);
        assertThat(publisher.refused()).as("messages the endpoint refused").isEmpty();

        // then, before any repair, Redis has lost counts but counts no call twice
        Map<String, List<ExpectedCdr>> expectedByCampaign = expectedCdrs(calls, mainEvents);
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
        Verification afterRebuild = verifyEverything(api, expectedByCampaign, report,
                "after the second half and rebuild-counters");

        // when the held-back ends arrive (35% redelivered) with counters maintained incrementally again
        Deliveries ends = Deliveries.of(heldBackEnds, REDELIVERED, random);
        long endsStart = System.nanoTime();
        publisher.publishAll(ends.messages());
        report.line("Last wave: %,d held-back ends of talking calls, %,d messages with redeliveries, acknowledged in %,d ms",
                heldBackEnds.size(), ends.size(), (System.nanoTime() - endsStart) / 1_000_000);
        List<GeneratedEvent> allEvents = new ArrayList<>(mainEvents);
        allEvents.addAll(heldBackEnds);
        Verification atEnd = verifyEverything(api, expectedCdrs(calls, allEvents), report, "after the last wave");

        // and the stats buckets that served /stats all along drift nowhere from the CDRs
        RebuildCounters.Result statsCheck = RebuildCounters.runCommand(RebuildCounters.defaultJar(), "rebuild-stats",
                env.mongoUri(), redis.uri(), report.artifact("rebuild-stats-verify.log"), "--verify");
        String statsCheckOutput = Files.readString(statsCheck.output());
        report.line("rebuild-stats --verify: exit %d in %,d ms: %s", statsCheck.exitStatus(), statsCheck.millis(),
                statsCheckOutput.lines().reduce((first, last) -> last).orElse("(no output)"));

        List<Verification> verifications = List.of(afterKills, afterRebuild, atEnd);
        long lost = lostAcknowledged + verifications.stream().mapToLong(Verification::lostCalls).sum();
        long doubleCounted = excessBeforeRebuild + verifications.stream().mapToLong(Verification::doubleCounts).sum();
        long cdrFieldsWrong = verifications.stream().mapToLong(v -> v.cdrMismatches().size()).sum();
        long aggregatesWrong = verifications.stream().mapToLong(v -> v.aggregateMismatches().size()).sum();
        report.line("LOST CALLS OR ACKNOWLEDGED EVENTS: %d; DOUBLE COUNTS: %d; CDR fields wrong: %d; stats/live fields wrong: %d",
                lost, doubleCounted, cdrFieldsWrong, aggregatesWrong);
        report.line("cdr-local alive at the end: %s; whole test %,d s", cdrLocal.isAlive(),
                (System.nanoTime() - testStart) / 1_000_000_000);
        report.write();

        assertThat(lost).as("lost calls or acknowledged events").isZero();
        assertThat(doubleCounted).as("double counts").isZero();
        for (Verification verification : verifications) {
            assertThat(verification.cdrMismatches()).as("CDR fields " + verification.when()).isEmpty();
            assertThat(verification.aggregateMismatches()).as("stats and live " + verification.when()).isEmpty();
        }
        assertThat(cdrLocal.isAlive()).isTrue();
        assertThat(statsCheck.exitStatus()).as("rebuild-stats --verify exit status, see " + statsCheck.output()).isZero();
        assertThat(statsCheckOutput).as("rebuild-stats --verify").containsPattern("calls\\): 0 drifting");
    }


    private CompletableFuture<Void> publishInBackground(List<GeneratedEvent> events) {
        return publisher.start(events.stream().map(GeneratedEvent::json).toList());
    }

    /**
     * SIGKILL with publish calls in flight, restart on the same data, then check that every event
     * acknowledged before the kill shows. Returns how many do not (each one a loss).
     */
    private long kill9AndRestart(List<GeneratedEvent> published, ApiClient api, Map<String, GeneratedCall> callsById,
            Report report, int number) {
        long failedBefore = publisher.failedCalls();
        publisher.pause();
        cdrLocal.kill9();
        try {
            publisher.awaitNoCallInFlight();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Set<GeneratedEvent> acknowledged = new HashSet<>();
        for (int i = 0; i < published.size(); i++) {
            if (publisher.isAcknowledged(i)) {
                acknowledged.add(published.get(i));
            }
        }
        long callsCut = publisher.failedCalls() - failedBefore;
        long restartStart = System.nanoTime();
        cdrLocal.start();
        long restartMillis = (System.nanoTime() - restartStart) / 1_000_000;
        long notShown = acknowledgedEventsNotShown(api, acknowledged, callsById);
        report.line("Fault: cdr-local killed with SIGKILL (#%d) after %,d messages were acknowledged (%,d distinct events), "
                        + "%d publish calls in flight failed; restarted in %,d ms; acknowledged events not visible after it: %d",
                number, publisher.acknowledgedCount(), acknowledged.size(), callsCut, restartMillis, notShown);
        publisher.resume();
        return notShown;
    }

    private void awaitAcknowledged(int target, CompletableFuture<Void> load) throws Exception {
        IntSupplier acknowledged = publisher::acknowledgedCount;
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

    private record Verification(String when, long lostCalls, long doubleCounts, List<String> cdrMismatches,
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
        return new Verification(when, lost + unexpected, doubleCounts, cdrMismatches, aggregateMismatches);
    }
}
