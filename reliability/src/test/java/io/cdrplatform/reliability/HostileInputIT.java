package io.cdrplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrplatform.reliability.api.ApiClient;
import io.cdrplatform.reliability.api.RawHttp;
import io.cdrplatform.reliability.local.CdrLocalProcess;
import io.cdrplatform.reliability.local.LocalEnvironment;
import io.cdrplatform.reliability.pbx.PbxLink;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Hostile input on every public face of one running cdr-local, with valid traffic in the same
 * batches and on the same connections: malformed and oversize SNS messages, MongoDB operators and
 * dotted keys in metadata, control bytes everywhere, wrong types, JSON bombs; broken SNS requests;
 * every HTTP parameter of every route fuzzed; control bytes, binary garbage and over-long lines on
 * the PBX socket. Nothing may answer 5xx, nothing may crash, the valid traffic must get through, and
 * what is invalid must leave no CDR.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = LocalEnvironment.TOPIC_ARN;
    private static final String OK_CAMPAIGN = "hostile-ok";
    private static final String BAD_CAMPAIGN = "hostile-bad";
    private static final String PBX_CAMPAIGN = "hostile-pbx";
    private static final int VALID_CALLS = 200;

    @TempDir
    static Path work;

    private EmbeddedRedisServer redis;
    private CdrLocalProcess cdrLocal;
    private LocalEnvironment env;
    private ApiClient api;
    private SnsClient sns;
    private final Report report = new Report("hostile-input");
    private final Map<String, Long> figures = new TreeMap<>();

    @BeforeAll
    void startCdrLocal() {
        redis = EmbeddedRedisServer.start();
        env = LocalEnvironment.onFreePorts(work.resolve("data"))
                .with("REDIS_URL", redis.uri())
                .with("AVAYA_CAMPAIGN_ID", PBX_CAMPAIGN);
        cdrLocal = new CdrLocalProcess(CdrLocalProcess.defaultJar(), env, report.artifact("cdr-local.log"), List.of())
                .start();
        api = new ApiClient(env.httpApi());
        sns = SnsClient.builder()
                .endpointOverride(env.snsEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("h", "h")))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                // the first answer is what counts here: a 5xx must be seen, not retried away
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    void stopCdrLocal() {
        if (sns != null) {
            sns.close();
        }
        if (cdrLocal != null) {
            cdrLocal.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    /** A message and what must become of it. */
    private record Message(String kind, String body, String callId, Fate fate) {
    }

    private enum Fate {
        /** ordinary valid traffic */
        VALID,
        /** odd but valid: must be stored and served without harm */
        EDGE,
        /** breaks a rule: must leave no CDR */
        REJECTED
    }

    private static String event(String callId, String campaign, String type, String extra) {
        return "{\"callId\":\"" + callId + "\",\"campaignId\":\"" + campaign + "\",\"eventType\":\"" + type
                + "\",\"timestamp\":\"2024-06-01T10:00:00Z\"" + extra + "}";
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** Odd but valid events: each must be stored and served. */
    private static List<Message> edgeCases() {
        List<Message> edge = new ArrayList<>();
        String campaign = "hostile-edge";
        String[] extras = {
            ",\"metadata\":{\"note\":\"line1\\nline2\\u0000\\u0007\\u001b[31m\",\"emoji\":\"\\ud83d\\ude00\",\"rtl\":\"\\u202eevil\"}",
            ",\"metadata\":{\"a b\":1,\"cl\u00e9\":2,\"a$b\":3,\"-\":4,\"\u65e5\u672c\":5}",
            ",\"metadata\":{\"\":\"empty key\"}",
            ",\"metadata\":" + nested(25),
            ",\"metadata\":{\"big\":123456789012345678901234567890,\"max\":1.7976931348623157e308,\"tiny\":1e-400,\"neg0\":-0.0,"
                    + "\"maxLong\":9223372036854775807,\"over\":9223372036854775808}",
            ",\"metadata\":{\"lone\":\"\\ud800\"}",
            ",\"metadata\":{" + String.join(",", java.util.stream.IntStream.range(0, 300)
                    .mapToObj(i -> "\"k" + i + "\":" + i).toList()) + "}",
            ",\"$set\":{\"status\":\"completed\"},\"__proto__\":{\"x\":1},\"constructor\":\"y\"",
            "",
            "",
            ",\"metadata\":{\"blob\":\"" + "z".repeat(3_900) + "\"}",
            ",\"contactId\":\"" + "\u00e9".repeat(256) + "\",\"phoneNumber\":\"+12345678901234567890\"",
        };
        for (int i = 0; i < extras.length; i++) {
            String callId = "edge-" + i;
            String body = event(callId, campaign, "call_initiated", extras[i]);
            if (i == 8) {
                body = body.replace("2024-06-01T10:00:00Z", "2024-06-01T10:00:00.123456789+14:00");
            } else if (i == 9) {
                body = body.replace("2024-06-01T10:00:00Z", "9999-12-31T23:59:59.999Z");
            }
            edge.add(new Message("edge " + i, body, callId, Fate.EDGE));
        }
        String longId = "e".repeat(128);
        edge.add(new Message("128-character callId", event(longId, campaign, "call_initiated", ""), longId, Fate.EDGE));
        edge.add(new Message("action with nested parameters", event("edge-action", campaign, "action_triggered",
                ",\"action\":{\"type\":\"send_sms\",\"parameters\":{\"to\":[{\"n\":\"+1555\"},{\"n\":[1,[2,[3]]]}],\"q\":null}}"),
                "edge-action", Fate.EDGE));
        return edge;
    }

    /** Events that break a rule: none may become a CDR. */
    private static List<Message> rejectedCases() {
        List<Message> bad = new ArrayList<>();
        String[] notEvents = {"{", "{\"callId\":", "not json", "[1,2,3]", "\"string\"", "null", "123", "true", "{}",
            "{\"callId\":\"x\",}", "{}}", "\ufeff{\"callId\":\"bom\"}", "{'callId':'single'}", "{\"d\":NaN}",
            "/* c */{}", "{\"callId\":\"unterminated}", "\u0000\u0001\u0002", nested(5_000), "[".repeat(10_000)};
        for (String body : notEvents) {
            bad.add(new Message("not an event", body, null, Fate.REJECTED));
        }
        String c = BAD_CAMPAIGN;
        int[] n = {0};
        java.util.function.BiConsumer<String, String> add = (kind, extra) -> {
            String callId = "bad-" + n[0]++;
            String type = extra.startsWith("!") ? extra.substring(1, extra.indexOf('|')) : "call_initiated";
            String rest = extra.startsWith("!") ? extra.substring(extra.indexOf('|') + 1) : extra;
            bad.add(new Message(kind, event(callId, c, type, rest), callId, Fate.REJECTED));
        };
        add.accept("$ operator key", ",\"metadata\":{\"$set\":{\"status\":\"completed\"}}");
        add.accept("$ operator key", ",\"metadata\":{\"$where\":\"sleep(1000)\"}");
        add.accept("nested $ key", ",\"metadata\":{\"a\":{\"$gt\":1}}");
        add.accept("$ key in an array", ",\"metadata\":{\"a\":[{\"$inc\":{\"x\":1}}]}");
        add.accept("lone $ key", ",\"metadata\":{\"$\":1}");
        add.accept("dotted key", ",\"metadata\":{\"a.b\":1}");
        add.accept("nested dotted key", ",\"metadata\":{\"n\":{\"x.y\":2}}");
        add.accept("dotted key in an array", ",\"metadata\":{\"a\":[{\"b.c\":1}]}");
        add.accept("NUL in a key", ",\"metadata\":{\"a\\u0000b\":1}");
        add.accept("$ key in action parameters",
                "!action_triggered|,\"action\":{\"type\":\"transfer\",\"parameters\":{\"$inc\":{\"answered\":1}}}");
        add.accept("dotted key in action parameters",
                "!action_triggered|,\"action\":{\"type\":\"transfer\",\"parameters\":{\"a.b\":1}}");
        add.accept("metadata over 4 KiB", ",\"metadata\":{\"blob\":\"" + "y".repeat(4_100) + "\"}");
        add.accept("metadata 200 KB", ",\"metadata\":{\"blob\":\"" + "y".repeat(200_000) + "\"}");
        add.accept("metadata nested 40 deep", ",\"metadata\":" + nested(40));
        add.accept("metadata not an object", ",\"metadata\":\"str\"");
        add.accept("number beyond a double", ",\"metadata\":{\"huge\":1e400}");
        add.accept("metadata an array", ",\"metadata\":[1]");
        add.accept("contactId with control bytes", ",\"contactId\":\"c\\u001b[2J\"");
        add.accept("contactId empty", ",\"contactId\":\"\"");
        add.accept("phoneNumber too short", ",\"phoneNumber\":\"+12\"");
        add.accept("phoneNumber letters", ",\"phoneNumber\":\"call-me\"");
        add.accept("source with spaces", ",\"source\":\"a b\"");
        add.accept("unknown outcome", "!call_ended|,\"outcome\":\"exploded\"");
        add.accept("missing outcome", "!call_ended|");
        add.accept("outcome an object", "!call_ended|,\"outcome\":{}");
        add.accept("negative duration", "!call_ended|,\"outcome\":\"busy\",\"duration\":-1");
        add.accept("fractional duration", "!call_ended|,\"outcome\":\"busy\",\"duration\":1.5");
        add.accept("duration 1e20", "!call_ended|,\"outcome\":\"busy\",\"duration\":1e20");
        add.accept("duration a string", "!call_ended|,\"outcome\":\"busy\",\"duration\":\"60\"");
        add.accept("duration beyond a double", "!call_ended|,\"outcome\":\"busy\",\"duration\":1e400");
        add.accept("startTime after the end", "!call_ended|,\"outcome\":\"busy\",\"startTime\":\"2024-06-01T11:00:00Z\"");
        add.accept("two-digit digit", "!dtmf_pressed|,\"digit\":\"12\"");
        add.accept("missing digit", "!dtmf_pressed|");
        add.accept("action a string", "!action_triggered|,\"action\":\"transfer\"");
        add.accept("action type with capitals", "!action_triggered|,\"action\":{\"type\":\"Transfer!\"}");
        add.accept("unknown event type", "!call_exploded|");
        String[] brokenHeads = {
            "{\"callId\":\"bad-x1\",\"callId\":\"bad-x2\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":\"bad-t1\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":1717236000}",
            "{\"callId\":\"bad-t2\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-02-30T10:00:00Z\"}",
            "{\"callId\":\"bad-t3\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00\"}",
            "{\"callId\":\"bad-t4\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"1969-12-31T23:59:59Z\"}",
            "{\"callId\":\"bad-t5\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"+10000-01-01T00:00:00Z\"}",
            "{\"callId\":\"bad-e1\",\"campaignId\":\"hostile-bad\",\"eventType\":[\"call_initiated\"],\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":\"bad-e2\",\"campaignId\":\"hostile-bad\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":\"bad-c1\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":\"bad-c2\",\"campaignId\":\"hostile bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":123,\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":\"bad\\u0000nul\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":\"bad\\nnewline\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":\"$where\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":\"../../etc/passwd\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":\"" + "b".repeat(129) + "\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
            "{\"callId\":\"\",\"campaignId\":\"hostile-bad\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-06-01T10:00:00Z\"}",
        };
        for (String body : brokenHeads) {
            JsonNode callId = parseOrNull(body);
            String id = callId != null && callId.path("callId").isTextual() ? callId.path("callId").asText() : null;
            bad.add(new Message("broken required field", body, id, Fate.REJECTED));
        }
        return bad;
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    @Order(1)
    void hostileSnsMessagesMixedIntoValidBatchesLeaveNoCdrAndHoldNothingUp() throws Exception {
        // given valid calls and hostile messages, interleaved into batches of ten (at most 256 KiB each)
        List<Message> valid = new ArrayList<>();
        for (int i = 0; i < VALID_CALLS; i++) {
            valid.add(new Message("valid", event("ok-" + i, OK_CAMPAIGN, "call_initiated", ",\"phoneNumber\":\"+15550100\""),
                    "ok-" + i, Fate.VALID));
            valid.add(new Message("valid", event("ok-" + i, OK_CAMPAIGN, "call_ended", ",\"outcome\":\"busy\",\"duration\":0"),
                    "ok-" + i, Fate.VALID));
        }
        List<Message> hostile = new ArrayList<>(rejectedCases());
        hostile.addAll(edgeCases());
        List<List<Message>> batches = new ArrayList<>();
        int h = 0;
        for (int v = 0; v < valid.size(); v += 6) {
            List<Message> batch = new ArrayList<>(valid.subList(v, Math.min(valid.size(), v + 6)));
            for (int k = 0; k < 4 && h < hostile.size(); k++) {
                batch.add(hostile.get(h++));
            }
            batches.add(batch);
        }
        while (h < hostile.size()) {
            batches.add(List.of(hostile.get(h++)));
        }

        // when each batch is published once (no retries: the first answer is what counts)
        long answers5xx = 0;
        long entriesFailedOnOurSide = 0;
        long refusedBySns = 0;
        for (List<Message> batch : batches) {
            List<PublishBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(PublishBatchRequestEntry.builder().id("e" + i).message(batch.get(i).body()).build());
            }
            try {
                PublishBatchResponse response = sns.publishBatch(r -> r.topicArn(TOPIC).publishBatchRequestEntries(entries));
                for (BatchResultErrorEntry failed : response.failed()) {
                    if (Boolean.TRUE.equals(failed.senderFault())) {
                        refusedBySns++;
                    } else {
                        entriesFailedOnOurSide++;
                    }
                }
            } catch (SnsException e) {
                if (e.statusCode() >= 500) {
                    answers5xx++;
                } else {
                    refusedBySns += entries.size();
                }
            }
        }
        // and messages SNS itself refuses (over 256 KiB, empty) are answered 4xx
        long oversize4xx = 0;
        for (String body : List.of("{\"callId\":\"bad-huge\",\"metadata\":{\"b\":\"" + "x".repeat(300_000) + "\"}}", "")) {
            try {
                sns.publish(r -> r.topicArn(TOPIC).message(body));
            } catch (SnsException e) {
                if (e.statusCode() >= 500) {
                    answers5xx++;
                } else {
                    oversize4xx++;
                }
            } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
                oversize4xx++; // refused by the SDK before sending
            }
        }

        // then nothing answered 5xx, every valid call is stored, nothing invalid is, and odd valid events are served
        JsonNode live = api.getJson("/campaigns/" + OK_CAMPAIGN + "/live");
        int validCdrs = api.allCdrs(OK_CAMPAIGN, null, 1000).size();
        int badCdrs = api.allCdrs(BAD_CAMPAIGN, null, 1000).size();
        long rejectedShown = 0;
        long rejectedWithId = 0;
        for (Message message : hostile) {
            if (message.fate() == Fate.REJECTED && message.callId() != null && !message.callId().isEmpty()
                    && message.callId().matches("[A-Za-z0-9._:-]{1,128}")) {
                rejectedWithId++;
                rejectedShown += api.get("/calls/" + ApiClient.encode(message.callId())).status() == 200 ? 1 : 0;
            }
        }
        List<String> edgeProblems = new ArrayList<>();
        for (Message message : hostile) {
            if (message.fate() == Fate.EDGE) {
                ApiClient.Answer answer = api.get("/calls/" + ApiClient.encode(message.callId()));
                if (answer.status() != 200) {
                    edgeProblems.add(message.kind() + " -> " + answer.status() + " " + answer.body());
                }
            }
        }
        JsonNode note = api.getJson("/calls/edge-0").path("metadata");
        JsonNode operatorsAsFields = api.getJson("/calls/edge-7");
        figures.put("SNS messages sent", (long) (valid.size() + hostile.size() + 2));
        figures.put("SNS hostile messages", (long) (hostile.size() + 2));
        report.line("SNS: %,d valid and %d hostile messages (%d must be rejected, %d odd but valid) in %d batches, "
                        + "plus 2 SNS refuses itself: 5xx answers %d, entries failed on our side %d, refused as the "
                        + "sender's fault %d (+%d single publishes refused 4xx)",
                valid.size(), hostile.size(), hostile.stream().filter(m -> m.fate() == Fate.REJECTED).count(),
                hostile.stream().filter(m -> m.fate() == Fate.EDGE).count(), batches.size(), answers5xx,
                entriesFailedOnOurSide, refusedBySns, oversize4xx);
        report.line("     valid calls stored %d of %d; CDRs in the hostile campaign %d; rejected events with a callId "
                        + "that became a CDR %d of %d; odd valid events not served %d", validCdrs, VALID_CALLS, badCdrs,
                rejectedShown, rejectedWithId, edgeProblems.size());
        edgeProblems.forEach(problem -> report.line("     %s", problem));

        assertThat(answers5xx).as("5xx answers").isZero();
        assertThat(entriesFailedOnOurSide).as("batch entries failed on the endpoint's side").isZero();
        assertThat(oversize4xx).as("oversize and empty messages refused 4xx").isEqualTo(2);
        assertThat(validCdrs).as("valid calls stored").isEqualTo(VALID_CALLS);
        assertThat(live.path("totalAttempts").asLong()).isEqualTo(VALID_CALLS);
        assertThat(live.path("busy").asLong()).isEqualTo(VALID_CALLS);
        assertThat(badCdrs).as("CDRs from rejected events").isZero();
        assertThat(rejectedShown).as("rejected events that became a CDR").isZero();
        assertThat(edgeProblems).as("odd but valid events not served").isEmpty();
        assertThat(note.path("note").asText()).isEqualTo("line1\nline2\u0000\u0007\u001b[31m");
        assertThat(note.path("emoji").asText()).isEqualTo("\ud83d\ude00");
        assertThat(operatorsAsFields.path("status").asText()).as("a top-level $set is no operator").isEqualTo("dialing");
    }

    @Test
    @Order(2)
    void brokenSnsRequestsAreAnsweredWithoutA5xx() {
        int port = env.snsEndpoint().getPort();
        String form = "Content-Type: application/x-www-form-urlencoded\r\n";
        List<byte[]> requests = new ArrayList<>();
        List<String> bodies = List.of(
                "Action=Publish&TopicArn=" + TOPIC + "&Message=%ZZ",
                "TopicArn=" + TOPIC + "&Message=x",
                "Action=Nope",
                "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Anope&Message=x",
                "Action=Publish&TopicArn=not-an-arn&Message=x",
                "Action=PublishBatch&TopicArn=" + TOPIC + "&PublishBatchRequestEntries.member.99999999999.Id=a"
                        + "&PublishBatchRequestEntries.member.99999999999.Message=x",
                "Action=PublishBatch&TopicArn=" + TOPIC + "&PublishBatchRequestEntries.member.0.Id=a"
                        + "&PublishBatchRequestEntries.member.0.Message=x",
                "Action=PublishBatch&TopicArn=" + TOPIC + "&PublishBatchRequestEntries.member.-1.Id=a",
                "Action=PublishBatch&TopicArn=" + TOPIC,
                "Action=Publish&TopicArn=" + TOPIC + "&TopicArn=" + TOPIC + "&Message=x&Message=y",
                "Action=Publish&TopicArn=" + TOPIC + "&Message=x&MessageAttributes.entry.1.Name=%24bad"
                        + "&MessageAttributes.entry.1.Value.DataType=Nope",
                "\u0000\u0001\u0002garbage=\u00ff\u00fe",
                "Action=CreateTopic&Name=" + "n".repeat(300),
                "Action=Publish&TopicArn=" + TOPIC + "&Message=" + "%F0%28%8C%BC");
        for (String body : bodies) {
            requests.add(RawHttp.latin1("POST / HTTP/1.1\r\nHost: x\r\n" + form + "Content-Length: "
                    + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body));
        }
        byte[] fiveMegabytes = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(fiveMegabytes, (byte) 'a');
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        big.writeBytes(RawHttp.latin1("POST / HTTP/1.1\r\nHost: x\r\n" + form + "Content-Length: " + fiveMegabytes.length + "\r\n\r\n"));
        big.writeBytes(fiveMegabytes);
        requests.add(big.toByteArray());
        requests.add(RawHttp.latin1("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
                + "Content-Length: 2\r\n\r\n{}"));
        requests.add(RawHttp.latin1("GET /?Action=Publish&TopicArn=" + TOPIC + "&Message=%00 HTTP/1.1\r\nHost: x\r\n\r\n"));
        requests.add(RawHttp.latin1("FOO / HTTP/1.1\r\nHost: x\r\n\r\n"));
        requests.add(RawHttp.latin1("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"));
        requests.add(RawHttp.latin1("POST / HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(65_536) + "\r\n\r\n"));
        requests.add(RawHttp.latin1("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"));
        requests.add(RawHttp.latin1("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        requests.add(RawHttp.latin1("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003"));
        requests.add(RawHttp.latin1("POST / HTTP/1.1\r\nHost: x\r\n" + form + "Content-Length: 100\r\n\r\nAction=Pub"));
        Map<Integer, Long> statuses = new TreeMap<>();
        for (byte[] request : requests) {
            statuses.merge(RawHttp.status(port, request), 1L, Long::sum);
        }
        boolean stillServes = sns.publish(r -> r.topicArn(TOPIC)
                .message(event("after-raw", OK_CAMPAIGN, "call_initiated", ""))).messageId() != null;
        figures.put("raw SNS requests", (long) requests.size());
        report.line("SNS endpoint: %d broken requests (bad escapes, no/unknown action, unknown topic, bad list indexes, "
                + "5 MiB body, JSON protocol, bad method, 64 KiB header, bad framing, TLS hello): answers by status %s "
                + "(-1 = closed without answer); still publishes: %s", requests.size(), statuses, stillServes);
        assertThat(statuses.keySet()).as("statuses").allMatch(status -> status < 500);
        assertThat(stillServes).isTrue();
    }

    @Test
    @Order(3)
    void everyHttpParameterFuzzedNeverAnswers5xxAndErrorsKeepTheirShape() {
        // given a real cursor of a real query
        JsonNode page = api.getJson("/campaigns/" + OK_CAMPAIGN + "/cdrs?limit=5");
        String cursor = page.path("nextCursor").asText();
        String otherCursor = api.getJson("/campaigns/" + OK_CAMPAIGN + "/cdrs?limit=5&outcome=busy").path("nextCursor").asText();
        char[] flipped = cursor.toCharArray();
        flipped[flipped.length / 2] = flipped[flipped.length / 2] == 'A' ? 'B' : 'A';

        List<String> values = new ArrayList<>(List.of("", " ", "null", "-1", "0", "1", "100", "1000", "1001",
                "99999999999999999999", "1e3", "0x10", "NaN", "Infinity", "abc", "%00", "%ZZ", "%", "%%", "%2", "'", "\"",
                "<script>alert(1)</script>", "../../etc/passwd", "$where", "{\"$gt\":\"\"}", "[]", "{}", "\u65e5\u672c",
                "\ud83d\ude00", "2024-06-01", "2024-13-45", "2024-02-30", "0000-01-01", "0001-01-01", "9999-12-31",
                "+10000-01-01T00:00:00Z", "-999999999-01-01", "2024-06-01T10:00:00", "2024-06-01T25:00:00Z",
                "2024-06-01T10:00:00+25:00", "2024-06-01T10:00:00+14:00", "2024-06-01T10:00:00.123456789Z",
                "1717236000", "Mars/Olympus", "UTC+99", "+14:00", "+14:01", "-18:00", "+05:45", "Z", "GMT",
                "Europe/Paris", "../../etc/localtime", "busy", "busy,failed,", ",", "BUSY", "answered,answered",
                "csv", "CSV", "xml", "csv,csv", "json", cursor, otherCursor, new String(flipped),
                cursor.substring(0, cursor.length() / 2), cursor + "A", "=", "AAAA", "x".repeat(10_000),
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[600])));
        Random random = new Random(99);
        for (int i = 0; i < 40; i++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            random.nextBytes(bytes);
            values.add(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("cdrs", List.of("startDate", "endDate", "outcome", "limit", "cursor", "format"));
        parameters.put("stats", List.of("startDate", "endDate", "tz"));
        parameters.put("live", List.of());
        List<String> campaigns = List.of(OK_CAMPAIGN, "nope", "%2F", "a%00b", "..", "%24where", "x".repeat(200), "%E2%80%AE",
                "%ZZ", "a%2Fb");

        Map<Integer, Long> statuses = new TreeMap<>();
        List<String> badAnswers = new ArrayList<>();
        long requests = 0;
        // every parameter of every route with every value, alone
        for (Map.Entry<String, List<String>> route : parameters.entrySet()) {
            for (String name : route.getValue()) {
                for (String value : values) {
                    requests++;
                    check("/campaigns/" + OK_CAMPAIGN + "/" + route.getKey() + "?" + name + "=" + ApiClient.encode(value),
                            null, statuses, badAnswers);
                }
            }
        }
        // random combinations, repeated and unknown parameters, odd paths and Accept headers
        for (int i = 0; i < 1500; i++) {
            String route = List.copyOf(parameters.keySet()).get(random.nextInt(3));
            List<String> names = new ArrayList<>(parameters.get(route));
            names.addAll(List.of("limit", "start_date", "LIMIT", "limit[]", "%6Cimit", "cursor", "tz", ""));
            StringBuilder query = new StringBuilder();
            int count = random.nextInt(4);
            for (int p = 0; p < count; p++) {
                query.append(p == 0 ? "?" : "&").append(names.get(random.nextInt(names.size()))).append('=')
                        .append(ApiClient.encode(values.get(random.nextInt(values.size()))));
            }
            String campaign = random.nextInt(3) == 0 ? campaigns.get(random.nextInt(campaigns.size())) : OK_CAMPAIGN;
            String accept = List.of("", "text/csv", "text/csv;q=0.1, application/json", "*/*", "text/csv;q=abc",
                    "application/xml", ";;;,,,").get(random.nextInt(7));
            requests++;
            check("/campaigns/" + campaign + "/" + route + query, accept.isEmpty() ? null : accept, statuses, badAnswers);
        }
        // /calls/{callId} and unknown routes
        for (String callId : List.of("ok-1", "nope", "%00", "%2E%2E", "a%2Fb", "x".repeat(3000), "%ZZ", "%24where",
                "ok-1%00", "ok-1/extra")) {
            requests++;
            check("/calls/" + callId, null, statuses, badAnswers);
        }
        for (String path : List.of("/", "/campaigns", "/campaigns/", "/campaigns//cdrs", "/campaigns/x/y/z", "/calls",
                "/calls/", "/%00", "/campaigns/ok/cdrs/", "//campaigns/hostile-ok/cdrs", "/CAMPAIGNS/x/cdrs")) {
            requests++;
            check(path, null, statuses, badAnswers);
        }
        // other methods
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD")) {
            for (String path : List.of("/campaigns/" + OK_CAMPAIGN + "/cdrs", "/campaigns/" + OK_CAMPAIGN + "/stats",
                    "/campaigns/" + OK_CAMPAIGN + "/live", "/calls/ok-1")) {
                requests++;
                ApiClient.Answer answer = api.send(method, path);
                statuses.merge(answer.status(), 1L, Long::sum);
                if (answer.status() >= 500) {
                    badAnswers.add(method + " " + path + " -> " + answer.status() + " " + answer.body());
                }
            }
        }
        // raw requests no client library would send
        int port = env.httpApi().getPort();
        List<String> raw = List.of(
                "GET /campaigns/hostile-ok/cdrs?limit=\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /campaigns/hostile-ok/cdrs?limit=1\u001b[2J HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /campaigns/hostile\u00ffok/cdrs HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /calls/\u0007 HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /campaigns/hostile-ok/cdrs?" + "a=b&".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET " + "/x".repeat(40_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /campaigns/hostile-ok/live HTTP/1.1\r\nHost: x\r\nAccept: " + "t".repeat(70_000) + "\r\n\r\n",
                "GET /campaigns/hostile-ok/live HTTP/9.9\r\n\r\n",
                "\u0016\u0003\u0001\u0002\u0000",
                "GET\r\n\r\n");
        Map<Integer, Long> rawStatuses = new TreeMap<>();
        for (String request : raw) {
            requests++;
            rawStatuses.merge(RawHttp.status(port, RawHttp.latin1(request)), 1L, Long::sum);
        }
        figures.put("HTTP requests fuzzed", requests);
        report.line("HTTP API: %,d requests (%d values x every parameter of every route, 1,500 random combinations with "
                        + "repeated/unknown parameters and odd Accept headers, odd paths and callIds, 7 methods, %d raw "
                        + "requests with control bytes, 80 KB request lines, 70 KB headers): statuses %s, raw %s; "
                        + "5xx or malformed errors: %d", requests, values.size(), raw.size(), statuses, rawStatuses,
                badAnswers.size());
        badAnswers.stream().limit(10).forEach(answer -> report.line("     %s", answer));
        assertThat(badAnswers).as("5xx answers or error bodies without the JSON shape").isEmpty();
        assertThat(rawStatuses.keySet()).as("raw request statuses").allMatch(status -> status < 500);
        assertThat(api.get("/campaigns/" + OK_CAMPAIGN + "/stats").status()).isEqualTo(200);
    }

    private void check(String pathAndQuery, String accept, Map<Integer, Long> statuses, List<String> badAnswers) {
        ApiClient.Answer answer;
        try {
            answer = api.get(pathAndQuery, accept);
        } catch (IllegalArgumentException e) {
            // not a URI java.net accepts (e.g. a bad %-escape in the path): send the bytes as they are
            int status = RawHttp.status(env.httpApi().getPort(), RawHttp.latin1("GET " + pathAndQuery
                    + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            statuses.merge(status, 1L, Long::sum);
            if (status >= 500 || status == RawHttp.NO_ANSWER) {
                badAnswers.add(abbreviate(pathAndQuery) + " (raw) -> " + status);
            }
            return;
        } catch (java.io.UncheckedIOException e) {
            // a well-formed request must get an answer
            badAnswers.add(abbreviate(pathAndQuery) + " -> no answer: " + e.getMessage());
            statuses.merge(RawHttp.NO_ANSWER, 1L, Long::sum);
            return;
        }
        statuses.merge(answer.status(), 1L, Long::sum);
        if (answer.status() >= 500) {
            badAnswers.add(abbreviate(pathAndQuery) + " -> " + answer.status() + " " + abbreviate(answer.body()));
        } else if (answer.status() >= 400) {
            try {
                JsonNode error = answer.json();
                if (!error.path("error").isTextual() || !error.path("message").isTextual()) {
                    badAnswers.add(abbreviate(pathAndQuery) + " -> " + answer.status() + " without the error shape: "
                            + abbreviate(answer.body()));
                }
            } catch (RuntimeException e) {
                badAnswers.add(abbreviate(pathAndQuery) + " -> " + answer.status() + " not JSON: " + abbreviate(answer.body()));
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    @Test
    @Order(4)
    void pbxGarbageRejectsLinesNotConnectionsAndValidRecordsOnTheSameLinksGetThrough() throws Exception {
        int port = env.pbxPort();
        Random random = new Random(4);
        List<String> calling = new ArrayList<>();
        java.util.function.IntFunction<byte[]> validLine = n -> {
            String number = String.format("4%07d", n);
            calling.add(number);
            return RawHttp.latin1(String.format("170925 1547 00252%24s 0%20s\r\n", "2434", number));
        };
        long hostileLines = 0;
        // link 1: hostile lines of every kind, each followed by a valid record on the same link
        try (PbxLink link = PbxLink.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            List<byte[]> garbage = new ArrayList<>(io.cdrplatform.reliability.pbx.AvayaLines.hostile(16));
            garbage.add(RawHttp.latin1("\u0000\u0000\u0000\u0000\r\n"));
            garbage.add(RawHttp.latin1("170925 1547 00252 2434 0 2432\u0000\u0000 trailing\r\n"));
            garbage.add(RawHttp.latin1("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            byte[] oneMegabyte = new byte[1 << 20];
            for (int i = 0; i < oneMegabyte.length; i++) {
                byte b;
                do {
                    b = (byte) random.nextInt(256);
                } while (b == '\r' || b == '\n');
                oneMegabyte[i] = b;
            }
            ByteArrayOutputStream megabyteLine = new ByteArrayOutputStream();
            megabyteLine.writeBytes(oneMegabyte);
            megabyteLine.writeBytes(RawHttp.latin1("\r\n"));
            garbage.add(megabyteLine.toByteArray());
            for (int i = 0; i < garbage.size(); i++) {
                link.write(garbage.get(i));
                link.write(validLine.apply(i));
                hostileLines++;
            }
            link.flush();
            Thread.sleep(300);
            assertThat(link.closedByBridge()).as("the bridge keeps a link open after garbage").isFalse();
        }
        // link 2: a valid record one byte at a time; link 3: a record cut off by the PBX closing the link
        try (PbxLink slow = PbxLink.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            for (byte b : validLine.apply(1000)) {
                slow.write(new byte[] {b});
                slow.flush();
                Thread.sleep(2);
            }
        }
        try (PbxLink cut = PbxLink.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            cut.write(RawHttp.latin1("170925 1547 00252                    2434 0                59"));
            cut.flush();
            hostileLines++;
        }
        // then every valid record is a CDR and nothing else is
        awaitTrue(() -> api.getJson("/campaigns/" + PBX_CAMPAIGN + "/live").path("totalAttempts").asLong() >= calling.size(),
                Duration.ofSeconds(60));
        Thread.sleep(1000);
        List<JsonNode> cdrs = api.allCdrs(PBX_CAMPAIGN, null, 1000);
        List<String> phones = cdrs.stream().map(cdr -> cdr.path("phoneNumber").asText()).sorted().toList();
        List<String> rejected = Files.readAllLines(env.spoolDir().resolve("rejected-lines.jsonl"), StandardCharsets.UTF_8);
        JsonNode health = new ApiClient(env.bridgeHealth().resolve("/")).getJson("/health");
        figures.put("PBX hostile lines", hostileLines);
        report.line("PBX: %d hostile lines (control bytes, escape sequences, binary, bad dates and durations, SQL, 5 KB, "
                        + "200 KB and 1 MB lines, HTTP on the PBX port, a cut-off record) each followed by a valid record "
                        + "on the same link, plus a record sent byte by byte: CDRs %d of %d valid records, rejected-lines "
                        + "entries %d, bridge health %s", hostileLines, cdrs.size(), calling.size(), rejected.size(),
                health.path("status").asText());
        assertThat(phones).containsExactlyElementsOf(calling.stream().sorted().toList());
        assertThat(rejected.size()).isGreaterThanOrEqualTo(20);
        assertThat(health.path("status").asText()).isEqualTo("ok");
    }

    @Test
    @Order(5)
    void cdrLocalSurvivedItAllAndItsLogsCarryNoRawControlBytes() throws Exception {
        assertThat(cdrLocal.isAlive()).isTrue();
        assertThat(api.get("/campaigns/" + OK_CAMPAIGN + "/live").status()).isEqualTo(200);
        byte[] log = Files.readAllBytes(cdrLocal.logFile());
        long controlBytes = 0;
        for (byte b : log) {
            if (b >= 0 && b < 0x20 && b != '\n') {
                controlBytes++;
            }
        }
        String text = new String(log, StandardCharsets.UTF_8);
        long skippedWarnings = text.lines().filter(line -> line.contains("\"event skipped")).count();
        long skippedWithCallId = text.lines().filter(line -> line.contains("\"event skipped") && line.contains("\"callId\""))
                .count();
        report.line("After everything: cdr-local alive %s; raw control bytes in its log %d; 'event skipped' WARN lines %d "
                + "(%d name the callId)", cdrLocal.isAlive(), controlBytes, skippedWarnings, skippedWithCallId);
        report.line("Bad inputs tried: %s", figures);
        report.write();
        assertThat(controlBytes).as("raw control bytes in the log").isZero();
        assertThat(skippedWarnings).as("a WARN per skipped event").isPositive();
        assertThat(skippedWithCallId).as("skipped-event WARNs that name the callId").isEqualTo(skippedWarnings);
    }

    private static void awaitTrue(BooleanSupplier condition, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + patience);
            }
            Thread.sleep(200);
        }
    }
}
