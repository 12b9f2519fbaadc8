package io.cdrplatform.core.counter;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.cdr.CallState;
import io.cdrplatform.core.cdr.CallStatus;
import io.cdrplatform.core.cdr.Cdr;
import io.cdrplatform.core.cdr.CdrFold;
import io.cdrplatform.core.cdr.TriggeredAction;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.Action;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.EventType;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.core.ingest.CallRecordScan;
import io.cdrplatform.core.ingest.StoredCall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The rebuild's logic against small in-memory implementations of its two ports: what it reads
 * ({@link CallRecordScan}) and what it writes ({@link CounterOverwrite}). The adapters' own tests
 * (rebuild-counters against mongo-java-server and embedded Redis) prove the real stores.
 */
class CounterRebuildTest {

    private static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(2));
    private static final Duration TTL = Duration.ofDays(15);

    private final CdrFold fold = new CdrFold(Tariff.defaults());
    private final InMemoryRecords records = new InMemoryRecords();
    private final InMemoryCounters counters = new InMemoryCounters();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private CounterRebuild.Summary rebuild(String campaignId) {
        return new CounterRebuild(records, counters, fold, Clock.fixed(NOW, ZoneOffset.UTC), TTL,
                new PrintStream(out, true, StandardCharsets.UTF_8)).run(campaignId);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static CallEvent.Builder event(String callId, String campaign, EventType type, int second) {
        return CallEvent.builder(callId, campaign, type, T0.plusSeconds(second));
    }

    private void store(long version, Instant lastWrite, CallEvent... events) {
        CallState state = fold.applyAll(null, List.of(events));
        records.add(new StoredCall(state, version), lastWrite);
    }

    @Test
    void eachCampaignsCountersAreTheSumOfItsCallsContributions() {
        // given two campaigns: one call ended converted with two actions, one active, one busy
        store(3, NOW, event("c1", "a", EventType.CALL_INITIATED, 0).build(),
                event("c1", "a", EventType.ACTION_TRIGGERED, 5).action(new Action("sms", Map.of())).build(),
                event("c1", "a", EventType.ACTION_TRIGGERED, 6).action(new Action("transfer", Map.of())).build(),
                event("c1", "a", EventType.CALL_ENDED, 30).outcome(Outcome.CONVERTED).build());
        store(1, NOW, event("c2", "a", EventType.CALL_INITIATED, 40).build());
        store(2, NOW, event("c3", "b", EventType.CALL_INITIATED, 0).build(),
                event("c3", "b", EventType.CALL_ENDED, 10).outcome(Outcome.BUSY).build());

        // when every campaign is rebuilt
        CounterRebuild.Summary summary = rebuild(null);

        // then each campaign's counts, action counts and last activity are its calls'
        assertThat(counters.campaigns()).containsOnlyKeys("a", "b");
        CounterOverwrite.CampaignCounts a = counters.campaigns().get("a");
        assertThat(a.counters()).containsEntry(Counter.TOTAL_ATTEMPTS, 2L).containsEntry(Counter.ACTIVE_CALLS, 1L)
                .containsEntry(Counter.ANSWERED, 1L).containsEntry(Counter.CONVERTED, 1L)
                .containsEntry(Counter.BUSY, 0L).hasSize(Counter.values().length);
        assertThat(a.actions()).isEqualTo(Map.of("sms", 1L, "transfer", 1L));
        assertThat(a.lastActivity()).isEqualTo(T0.plusSeconds(40));
        CounterOverwrite.CampaignCounts b = counters.campaigns().get("b");
        assertThat(b.counters()).containsEntry(Counter.TOTAL_ATTEMPTS, 1L).containsEntry(Counter.BUSY, 1L)
                .containsEntry(Counter.ACTIVE_CALLS, 0L);
        assertThat(b.actions()).isEmpty();
        assertThat(summary).isEqualTo(new CounterRebuild.Summary(3, 0, 2, 3, true));
        assertThat(printed()).contains("rebuild-counters: all campaigns, about 3 call records")
                .contains("2 campaigns reset; applying the calls")
                .contains("done: 3 calls, 2 campaigns, 3 per-call states, 0 unreadable records; counters marked whole");
        assertThat(counters.calls).containsExactly("begin", "reset a", "reset b", "finish");
    }

    @Test
    void aWholeRebuildDuringWhichTheCountersWereLostAgainIsNotMarkedWhole() {
        // given a store whose counters are lost again while the rebuild applies its calls
        store(1, NOW, event("c1", "a", EventType.CALL_INITIATED, 0).build());
        CounterOverwrite losing = new CounterOverwrite() {
            @Override
            public String beginRebuild() {
                return counters.beginRebuild();
            }

            @Override
            public void resetCampaign(String campaignId) {
                counters.resetCampaign(campaignId);
            }

            @Override
            public void applyCallStates(List<AppliedState> states) {
                counters.applyCallStates(states);
                counters.lose();
            }

            @Override
            public void raiseLastActivity(String campaignId, Instant lastActivity) {
                counters.raiseLastActivity(campaignId, lastActivity);
            }

            @Override
            public void keepRebuilding(String rebuildId) {
            }

            @Override
            public boolean finishRebuild(String rebuildId) {
                return counters.finishRebuild(rebuildId);
            }

            @Override
            public CampaignCounts readCampaign(String campaignId) {
                return counters.readCampaign(campaignId);
            }
        };

        // when
        CounterRebuild.Summary summary = new CounterRebuild(records, losing, fold, Clock.fixed(NOW, ZoneOffset.UTC),
                TTL, new PrintStream(out, true, StandardCharsets.UTF_8)).run(null);

        // then it says so, and the marker is not "whole"
        assertThat(summary.whole()).isFalse();
        assertThat(counters.marker).isNull();
        assertThat(printed()).contains("marked lost again while it ran");
    }

    @Test
    void theDriftCheckSumsTheDifferencesOfEachCampaignAndChangesNothing() {
        // given rebuilt counters, then a call stored that the counters never saw, and one counted twice over
        store(1, NOW, event("c1", "a", EventType.CALL_INITIATED, 0).build());
        store(1, NOW, event("c2", "b", EventType.CALL_INITIATED, 0).build());
        rebuild(null);
        store(1, NOW, event("c3", "a", EventType.CALL_INITIATED, 0).build(),
                event("c3", "a", EventType.ACTION_TRIGGERED, 3).action(new Action("sms", Map.of())).build());

        // when
        CounterRebuild.Drift drift = new CounterRebuild(records, counters, fold, Clock.fixed(NOW, ZoneOffset.UTC), TTL,
                new PrintStream(out, true, StandardCharsets.UTF_8)).verify(List.of("a", "b"));

        // then campaign a is 3 off (an attempt, an active call, an action), b is exact, nothing was written
        assertThat(drift.difference()).isEqualTo(3);
        assertThat(drift.drifting()).extracting(CounterRebuild.CampaignDrift::campaignId).containsExactly("a");
        assertThat(counters.campaigns().get("a").counters()).containsEntry(Counter.TOTAL_ATTEMPTS, 1L);
    }

    @Test
    void aCampaignRebuildLeavesTheMarkerAlone() {
        store(1, NOW, event("c1", "a", EventType.CALL_INITIATED, 0).build());

        CounterRebuild.Summary summary = rebuild("a");

        assertThat(summary.whole()).isFalse();
        assertThat(counters.calls).containsExactly("reset a");
        assertThat(counters.marker).isNull();
    }

    @Test
    void eachCallsStateIsItsContributionAtItsStoredVersion() {
        // given a call stored at version 4
        store(4, NOW, event("c1", "a", EventType.CALL_INITIATED, 0).build(),
                event("c1", "a", EventType.ACTION_TRIGGERED, 5).action(new Action("sms", Map.of())).build());

        // when
        rebuild(null);

        // then its applied state is what the logger would have applied for that version
        CounterOverwrite.AppliedState state = counters.callStates.get("c1");
        assertThat(state.applied().version()).isEqualTo(4);
        assertThat(state.applied().contribution()).isEqualTo(CounterContribution.of(fold.toCdr(records.state("c1"))));
    }

    @Test
    void aCampaignRebuildReadsAndWritesOnlyThatCampaign() {
        store(1, NOW, event("c1", "a", EventType.CALL_INITIATED, 0).build());
        store(1, NOW, event("c2", "b", EventType.CALL_INITIATED, 0).build());

        CounterRebuild.Summary summary = rebuild("b");

        assertThat(counters.campaigns()).containsOnlyKeys("b");
        assertThat(counters.callStates).containsOnlyKeys("c2");
        assertThat(summary.calls()).isEqualTo(1);
        assertThat(printed()).contains("rebuild-counters: campaign b, about 1 call records");
    }

    @Test
    void anUnreadableRecordIsSkippedCountedAndNamed() {
        store(1, NOW, event("c1", "a", EventType.CALL_INITIATED, 0).build());
        records.addUnreadable("broken", "a", "the record has no version");

        CounterRebuild.Summary summary = rebuild(null);

        assertThat(summary).isEqualTo(new CounterRebuild.Summary(1, 1, 1, 1, true));
        assertThat(counters.campaigns().get("a").counters()).containsEntry(Counter.TOTAL_ATTEMPTS, 1L);
        assertThat(counters.callStates).containsOnlyKeys("c1");
        assertThat(printed()).contains("skipping call broken: the record has no version")
                .contains("1 unreadable records");
    }

    @Test
    void aCallsStateIsKeptForWhatIsLeftOfItsTtlAndBrieflyOnceThatHasRunOut() {
        // given calls last written just now, a day ago, longer ago than the TTL, and without a write time
        store(1, NOW, event("fresh", "a", EventType.CALL_INITIATED, 0).build());
        store(1, NOW.minus(Duration.ofDays(1)), event("day-old", "a", EventType.CALL_INITIATED, 0).build());
        store(1, NOW.minus(TTL).minusSeconds(1), event("expired", "a", EventType.CALL_INITIATED, 0).build());
        store(1, null, event("unknown", "a", EventType.CALL_INITIATED, 0).build());

        // when
        CounterRebuild.Summary summary = rebuild(null);

        // then every call counts; a call whose state the logger could no longer hold gets a short one
        assertThat(counters.campaigns().get("a").counters()).containsEntry(Counter.TOTAL_ATTEMPTS, 4L);
        assertThat(counters.callStates.get("expired").ttlSeconds())
                .isEqualTo(CounterRebuild.SETTLED_CALL_STATE_TTL.toSeconds());
        assertThat(counters.callStates.get("fresh").ttlSeconds()).isEqualTo(TTL.toSeconds());
        assertThat(counters.callStates.get("day-old").ttlSeconds()).isEqualTo(TTL.minusDays(1).toSeconds());
        assertThat(counters.callStates.get("unknown").ttlSeconds()).isEqualTo(TTL.toSeconds());
        assertThat(summary.callStatesWritten()).isEqualTo(4);
    }

    @Test
    void callStatesAreWrittenInChunksAndProgressIsReportedEveryTenThousandCalls() {
        // given more calls than a chunk, and than a progress step
        for (int i = 0; i < 10_500; i++) {
            store(1, NOW, event("c" + i, "a", EventType.CALL_INITIATED, i % 60).build());
        }

        // when
        rebuild("a");

        // then states went out a chunk at a time, and progress was printed once
        assertThat(counters.chunkSizes).hasSize(11).allMatch(size -> size <= CounterRebuild.CHUNK);
        assertThat(counters.chunkSizes.subList(0, 10)).containsOnly(CounterRebuild.CHUNK);
        assertThat(counters.callStates).hasSize(10_500);
        assertThat(printed()).contains("rebuild-counters: 10000/10500 call records read, 1 campaigns");
    }

    @Property(tries = 200)
    void theCountersCountTheCallsTheContractSaysTheyCount(@ForAll("calls") List<List<CallEvent>> calls) {
        // given any set of calls, stored
        InMemoryRecords stored = new InMemoryRecords();
        InMemoryCounters rebuilt = new InMemoryCounters();
        for (List<CallEvent> events : calls) {
            stored.add(new StoredCall(fold.applyAll(null, events), 1), NOW);
        }

        // when
        new CounterRebuild(stored, rebuilt, fold, Clock.fixed(NOW, ZoneOffset.UTC), TTL,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(null);

        // then per campaign: every call once, the active ones, the answered ones, each outcome's, each action type's
        Map<String, Map<Counter, Long>> expected = new TreeMap<>();
        Map<String, Map<String, Long>> expectedActions = new TreeMap<>();
        for (List<CallEvent> events : calls) {
            Cdr cdr = fold.toCdr(fold.applyAll(null, events));
            Map<Counter, Long> counts = expected.computeIfAbsent(cdr.campaignId(), id -> new EnumMap<>(Counter.class));
            counts.merge(Counter.TOTAL_ATTEMPTS, 1L, Long::sum);
            if (cdr.status() != CallStatus.COMPLETED) {
                counts.merge(Counter.ACTIVE_CALLS, 1L, Long::sum);
            }
            if (cdr.reachedAnswered() || cdr.outcome() == Outcome.ANSWERED) {
                counts.merge(Counter.ANSWERED, 1L, Long::sum);
            }
            if (cdr.outcome() != null && cdr.outcome() != Outcome.ANSWERED) {
                counts.merge(Counter.of(cdr.outcome()), 1L, Long::sum);
            }
            Map<String, Long> actions = expectedActions.computeIfAbsent(cdr.campaignId(), id -> new TreeMap<>());
            cdr.actionsTriggered().stream().map(TriggeredAction::type).distinct()
                    .forEach(type -> actions.merge(type, 1L, Long::sum));
        }
        assertThat(rebuilt.campaigns()).containsOnlyKeys(expected.keySet());
        expected.forEach((campaign, counts) -> {
            CounterOverwrite.CampaignCounts campaignCounts = rebuilt.campaigns().get(campaign);
            for (Counter counter : Counter.values()) {
                assertThat(campaignCounts.counters().get(counter)).as(campaign + " " + counter)
                        .isEqualTo(counts.getOrDefault(counter, 0L));
            }
            assertThat(campaignCounts.actions()).isEqualTo(expectedActions.get(campaign));
        });
        assertThat(rebuilt.callStates).hasSize(calls.size());
    }

    /** One event of a generated call, before the call's id and campaign are known. */
    private record EventShape(EventType type, int second, Outcome outcome, String actionType) {
        CallEvent toEvent(String callId, String campaignId) {
            CallEvent.Builder builder = CallEvent.builder(callId, campaignId, type, T0.plusSeconds(second));
            switch (type) {
                case CALL_ENDED -> builder.outcome(outcome);
                case DTMF_PRESSED -> builder.digit("1");
                case ACTION_TRIGGERED -> builder.action(new Action(actionType, Map.of()));
                default -> {
                }
            }
            return builder.build();
        }
    }

    private record CallShape(String campaignId, List<EventShape> events) {
    }

    @Provide
    Arbitrary<List<List<CallEvent>>> calls() {
        Arbitrary<EventShape> event = Combinators.combine(
                        Arbitraries.of(EventType.values()),
                        Arbitraries.integers().between(0, 60),
                        Arbitraries.of(Outcome.values()),
                        Arbitraries.of("sms", "transfer", "callback"))
                .as(EventShape::new);
        Arbitrary<CallShape> call = Combinators.combine(
                        Arbitraries.of("camp-a", "camp-b", "camp-c"), event.list().ofMinSize(1).ofMaxSize(6))
                .as(CallShape::new);
        return call.list().ofMaxSize(30).map(shapes -> {
            List<List<CallEvent>> calls = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                String callId = "call-" + i;
                CallShape shape = shapes.get(i);
                calls.add(shape.events().stream().map(e -> e.toEvent(callId, shape.campaignId())).toList());
            }
            return calls;
        });
    }

    /** Stored records by call, each with its campaign and last write time. */
    private final class InMemoryRecords implements CallRecordScan {
        private final Map<String, String> campaigns = new HashMap<>();
        private final Map<String, CallRecordScan.ScannedCall> records = new TreeMap<>();

        void add(StoredCall call, Instant lastWrite) {
            String callId = call.state().callId();
            campaigns.put(callId, fold.toCdr(call.state()).campaignId());
            records.put(callId, CallRecordScan.ScannedCall.read(callId, call, lastWrite));
        }

        void addUnreadable(String callId, String campaignId, String why) {
            campaigns.put(callId, campaignId);
            records.put(callId, CallRecordScan.ScannedCall.unreadable(callId, why, NOW));
        }

        CallState state(String callId) {
            return records.get(callId).call().state();
        }

        @Override
        public java.util.Set<String> campaignIds() {
            return new java.util.TreeSet<>(campaigns.values());
        }

        @Override
        public long approximateCount(String campaignId) {
            return records.keySet().stream().filter(id -> campaignId == null || campaignId.equals(campaigns.get(id))).count();
        }

        @Override
        public void forEach(String campaignId, Consumer<ScannedCall> action) {
            records.forEach((id, record) -> {
                if (campaignId == null || campaignId.equals(campaigns.get(id))) {
                    action.accept(record);
                }
            });
        }
    }

    /**
     * The counters as the port describes them: a counter is the number of valid applied states counting
     * in it (a state is valid while its campaign has not been reset since it was written); applies are
     * version-guarded; last activity only rises; the marker as begin / finish leave it.
     */
    static final class InMemoryCounters implements CounterOverwrite {
        private final Map<String, Long> resets = new HashMap<>();
        private final Map<String, AppliedState> callStates = new HashMap<>();
        private final Map<String, Long> stateResets = new HashMap<>();
        private final Map<String, Instant> lastActivity = new TreeMap<>();
        private final java.util.Set<String> known = new java.util.TreeSet<>();
        private final List<Integer> chunkSizes = new ArrayList<>();
        private final List<String> calls = new ArrayList<>();
        private String marker;
        private int rebuilds;

        @Override
        public synchronized String beginRebuild() {
            calls.add("begin");
            marker = "rebuilding:" + ++rebuilds;
            return Integer.toString(rebuilds);
        }

        @Override
        public synchronized void resetCampaign(String campaignId) {
            calls.add("reset " + campaignId);
            resets.merge(campaignId, 1L, Long::sum);
            known.add(campaignId);
        }

        @Override
        public synchronized void applyCallStates(List<AppliedState> states) {
            chunkSizes.add(states.size());
            for (AppliedState state : states) {
                String callId = state.applied().callId();
                AppliedState before = valid(callId);
                if (before != null && before.applied().version() >= state.applied().version()) {
                    continue;
                }
                String campaign = state.applied().contribution().campaignId();
                callStates.put(callId, state);
                stateResets.put(callId, resets.getOrDefault(campaign, 0L));
                known.add(campaign);
            }
        }

        @Override
        public synchronized CampaignCounts readCampaign(String campaignId) {
            CampaignCounts counts = campaigns().get(campaignId);
            return counts != null ? counts : new CampaignCounts(campaignId, Map.of(), Map.of(), null);
        }

        /** Lost: as after a flush. */
        synchronized void lose() {
            marker = null;
        }

        @Override
        public synchronized void raiseLastActivity(String campaignId, Instant at) {
            lastActivity.merge(campaignId, at, (a, b) -> a.isAfter(b) ? a : b);
        }

        @Override
        public synchronized void keepRebuilding(String rebuildId) {
        }

        @Override
        public synchronized boolean finishRebuild(String rebuildId) {
            calls.add("finish");
            if (("rebuilding:" + rebuildId).equals(marker)) {
                marker = "ok:" + rebuildId;
                return true;
            }
            return false;
        }

        synchronized AppliedState valid(String callId) {
            AppliedState state = callStates.get(callId);
            if (state == null) {
                return null;
            }
            long reset = resets.getOrDefault(state.applied().contribution().campaignId(), 0L);
            return stateResets.get(callId) == reset ? state : null;
        }

        /** Each known campaign's counts: the sum of its valid applied states. */
        synchronized Map<String, CampaignCounts> campaigns() {
            Map<String, Map<Counter, Long>> counts = new TreeMap<>();
            Map<String, Map<String, Long>> actions = new TreeMap<>();
            known.forEach(campaign -> {
                counts.put(campaign, new EnumMap<>(Counter.class));
                actions.put(campaign, new TreeMap<>());
            });
            for (String callId : callStates.keySet()) {
                AppliedState state = valid(callId);
                if (state == null) {
                    continue;
                }
                CounterContribution contribution = state.applied().contribution();
                contribution.counters().forEach(counter -> counts.get(contribution.campaignId()).merge(counter, 1L, Long::sum));
                contribution.actionTypes().forEach(type -> actions.get(contribution.campaignId()).merge(type, 1L, Long::sum));
            }
            Map<String, CampaignCounts> all = new TreeMap<>();
            counts.forEach((campaign, counters) -> all.put(campaign,
                    new CampaignCounts(campaign, counters, actions.get(campaign), lastActivity.get(campaign))));
            return all;
        }
    }
}
