package io.cdrplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

/**
 * Calls published to cdr-local's SNS endpoint as a dialer would (PublishBatch of up to 10), with the
 * oracle of their live counters computed from the generated calls alone: each call begins, most end
 * (answered, busy, no_answer, converted with an action, failed), some stay active.
 */
final class CounterLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] OUTCOMES = {"answered", "busy", "no_answer", "converted", "failed", null};

    private final List<String> events = new ArrayList<>();
    private final Map<String, Map<String, Long>> expected = new TreeMap<>();
    private final AtomicInteger published = new AtomicInteger();

    CounterLoad(Random random, int calls, String prefix, int campaigns) {
        Instant base = Instant.parse("2024-03-01T09:00:00Z");
        List<List<String>> perCall = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String callId = prefix + "-" + i;
            String campaign = prefix + "-camp-" + (i % campaigns);
            Instant at = base.plusSeconds(i);
            String outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
            Map<String, Long> counts = expected.computeIfAbsent(campaign, id -> new TreeMap<>());
            counts.merge("totalAttempts", 1L, Long::sum);
            List<String> call = new ArrayList<>();
            call.add(event(callId, campaign, "call_initiated", at, ""));
            if (outcome == null) {
                counts.merge("activeCalls", 1L, Long::sum);
            } else {
                if (outcome.equals("converted")) {
                    call.add(event(callId, campaign, "action_triggered", at.plusSeconds(5),
                            ",\"action\":{\"type\":\"sms\",\"parameters\":{}}"));
                    counts.merge("action:sms", 1L, Long::sum);
                }
                call.add(event(callId, campaign, "call_ended", at.plusSeconds(30), ",\"outcome\":\"" + outcome + "\""));
                if (outcome.equals("answered") || outcome.equals("converted")) {
                    counts.merge("answered", 1L, Long::sum);
                }
                if (!outcome.equals("answered")) {
                    counts.merge(camel(outcome), 1L, Long::sum);
                }
            }
            perCall.add(call);
        }
        // interleaved: calls in random order, each call's events in order
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < perCall.size(); i++) {
            for (int j = 0; j < perCall.get(i).size(); j++) {
                order.add(i);
            }
        }
        Collections.shuffle(order, random);
        int[] next = new int[perCall.size()];
        for (int call : order) {
            events.add(perCall.get(call).get(next[call]++));
        }
    }

    private static String camel(String outcome) {
        return outcome.equals("no_answer") ? "noAnswer" : outcome;
    }

    private static String event(String callId, String campaign, String type, Instant at, String extra) {
        return "{\"callId\":\"" + callId + "\",\"campaignId\":\"" + campaign + "\",\"eventType\":\"" + type
                + "\",\"timestamp\":\"" + at + "\"" + extra + "}";
    }

    /** cdr-local's environment on free ports with its data under {@code dataDir} (embedded stores unless added). */
    static Map<String, String> freePortsEnvironment(java.nio.file.Path dataDir) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        for (String port : List.of("LOCAL_MONGO_PORT", "LOCAL_REDIS_PORT", "LOCAL_SNS_PORT", "LOCAL_HTTP_PORT",
                "NET_SOCKET_PORT", "BRIDGE_HEALTH_PORT")) {
            env.put(port, Integer.toString(io.cdrplatform.testsupport.FreePorts.next()));
        }
        env.put("NET_SOCKET_ADDR", "127.0.0.1");
        env.put("BRIDGE_HEALTH_ADDR", "127.0.0.1");
        return env;
    }

    int size() {
        return events.size();
    }

    int published() {
        return published.get();
    }

    /** Publishes events [from, to) in batches of 10; every entry must be taken. */
    void publish(SnsClient sns, int from, int to) {
        for (int i = from; i < to; i += 10) {
            List<PublishBatchRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < Math.min(to, i + 10); j++) {
                entries.add(PublishBatchRequestEntry.builder().id("e" + j).message(events.get(j)).build());
            }
            var response = sns.publishBatch(request -> request.topicArn(CdrLocal.CALL_EVENTS_TOPIC_ARN)
                    .publishBatchRequestEntries(entries));
            if (!response.failed().isEmpty()) {
                throw new IllegalStateException("publish failed: " + response.failed());
            }
            published.addAndGet(entries.size());
        }
    }

    /** Each campaign's expected counters, as /live names them (zeros left out; actions as action:type). */
    Map<String, Map<String, Long>> expected() {
        return expected;
    }

    /** The sum of every count of every campaign. */
    static long total(Map<String, Map<String, Long>> live) {
        return live.values().stream().flatMap(counts -> counts.values().stream()).mapToLong(Long::longValue).sum();
    }

    /** How far {@code live} is below the oracle, summed over campaigns and counters. */
    long shortfall(Map<String, Map<String, Long>> live) {
        return difference(expected, live);
    }

    /** How far {@code live} is above the oracle (a call counted twice, or a count made up), summed. */
    long excess(Map<String, Map<String, Long>> live) {
        return difference(live, expected);
    }

    private static long difference(Map<String, Map<String, Long>> high, Map<String, Map<String, Long>> low) {
        long sum = 0;
        for (Map.Entry<String, Map<String, Long>> campaign : high.entrySet()) {
            Map<String, Long> other = low.getOrDefault(campaign.getKey(), Map.of());
            for (Map.Entry<String, Long> counter : campaign.getValue().entrySet()) {
                sum += Math.max(0, counter.getValue() - other.getOrDefault(counter.getKey(), 0L));
            }
        }
        return sum;
    }

    /** Each campaign's /live answer, in the same shape as {@link #expected()}; and whether any said rebuilding. */
    Map<String, Map<String, Long>> live(HttpClient http, int httpPort, boolean[] rebuilding) throws Exception {
        Map<String, Map<String, Long>> live = new TreeMap<>();
        for (String campaign : expected.keySet()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/campaigns/" + campaign + "/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            Map<String, Long> counts = new TreeMap<>();
            for (String name : List.of("totalAttempts", "activeCalls", "answered", "busy", "failed", "converted",
                    "optedOut", "noAnswer", "voicemail")) {
                long value = body.path(name).asLong();
                if (value != 0) {
                    counts.put(name, value);
                }
            }
            body.path("actions").fields().forEachRemaining(action -> counts.put("action:" + action.getKey(),
                    action.getValue().asLong()));
            if (body.path("rebuilding").asBoolean()) {
                rebuilding[0] = true;
            }
            live.put(campaign, counts);
        }
        return live;
    }
}
