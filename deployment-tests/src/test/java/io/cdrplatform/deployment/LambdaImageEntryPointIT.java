package io.cdrplatform.deployment;

import static io.cdrplatform.deployment.CloudFormationTemplate.map;
import static io.cdrplatform.deployment.CloudFormationTemplate.properties;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.logger.SqsEventHandler;
import io.cdrplatform.logger.metrics.CdrLoggerMetrics;
import io.cdrplatform.testsupport.EmbeddedMongo;
import io.cdrplatform.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda images' entry points, run the way the Lambda service runs the containers: the
 * Dockerfile target's java command line (the AWS Lambda runtime interface client with the handler),
 * on the shaded jar the image contains, with the environment template.yaml gives the function,
 * against {@link LambdaRuntimeApiEmulator} and real MongoDB-protocol and Redis servers. Records each
 * image's init time (process start to its first poll for an event) in
 * {@code target/lambda-init-times.md}.
 */
class LambdaImageEntryPointIT {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path LOGS = Path.of("target", "lambda-it");

    /** One line of the init-time report. */
    record Figure(String image, String handler, Duration init, Duration firstInvocation, Duration secondInvocation) {
    }

    static final Map<String, Figure> FIGURES = new TreeMap<>();

    static EmbeddedMongo mongo;
    static EmbeddedRedisServer redis;
    static MongoClient mongoClient;
    static RedisClient redisClient;
    static StatefulRedisConnection<String, String> redisConnection;
    static Dockerfile dockerfile;
    static CloudFormationTemplate template;

    @BeforeAll
    static void startStores() {
        dockerfile = Repository.dockerfile();
        template = Repository.template();
        mongo = EmbeddedMongo.start();
        redis = EmbeddedRedisServer.start();
        mongoClient = MongoClients.create(mongo.connectionString());
        redisClient = RedisClient.create(redis.uri());
        redisConnection = redisClient.connect();
    }

    @AfterAll
    static void stopStoresAndReport() throws IOException {
        try {
            writeReport();
        } finally {
            if (redisConnection != null) {
                redisConnection.close();
            }
            if (redisClient != null) {
                redisClient.shutdown();
            }
            if (mongoClient != null) {
                mongoClient.close();
            }
            if (redis != null) {
                redis.stop();
            }
            if (mongo != null) {
                mongo.stop();
            }
        }
    }

    @Test
    void theLoggerImageTurnsAnSqsBatchIntoCdrsAndNamesTheMessageItCouldNotStore() throws Exception {
        // given: a call_records document another tool wrote (no fold state): the logger must not overwrite it
        database().getCollection("call_records").insertOne(new Document("_id", "it-foreign-1")
                .append("callId", "it-foreign-1").append("campaignId", "it-sqs").append("status", "completed"));
        String batch = resource("events/sqs-call-events-batch.json");

        try (LambdaRuntimeApiEmulator runtimeApi = new LambdaRuntimeApiEmulator();
             LambdaImageProcess function = LambdaImageProcess.start(dockerfile, target("CdrLoggerFunction"), null,
                     functionEnvironment("CdrLoggerFunction", Map.of(), mongo), runtimeApi, LOGS, "cdr-logger-sqs")) {
            Duration init = function.initTime(runtimeApi, START_TIMEOUT);

            // when: the batch, then the same batch again (SQS redelivers)
            long first = System.nanoTime();
            LambdaRuntimeApiEmulator.Outcome answer = runtimeApi.invoke(batch, INVOKE_TIMEOUT);
            Duration firstInvocation = Duration.ofNanos(System.nanoTime() - first);
            Map<String, String> countersAfterFirst = counters("it-sqs");
            long second = System.nanoTime();
            LambdaRuntimeApiEmulator.Outcome redelivery = runtimeApi.invoke(batch, INVOKE_TIMEOUT);
            Duration secondInvocation = Duration.ofNanos(System.nanoTime() - second);
            record("logger (SQS)", function, init, firstInvocation, secondInvocation);

            // then: an SQSBatchResponse naming exactly the message whose call could not be stored
            assertThat(answer.error()).as(answer.body()).isFalse();
            JsonNode response = JSON.readTree(answer.body());
            assertThat(response.path("batchItemFailures")).hasSize(1);
            assertThat(response.path("batchItemFailures").get(0).path("itemIdentifier").asText())
                    .isEqualTo("4a1b6b3e-0c0d-4e58-9a53-000000000004");
            assertThat(JSON.readTree(redelivery.body())).isEqualTo(response);

            // the call is one CDR (envelope and raw bodies alike), its answered time priced per started minute
            // (answered 5 s into a 65 s call: 60 billable seconds -> 1 min)
            Document cdr = database().getCollection("call_records").find(new Document("_id", "it-sqs-1")).first();
            assertThat(cdr).isNotNull();
            assertThat(cdr.getString("status")).isEqualTo("completed");
            assertThat(cdr.getString("outcome")).isEqualTo("answered");
            assertThat(cdr.getString("phoneNumber")).isEqualTo("+15551230001");
            assertThat(((Number) cdr.get("duration")).longValue()).isEqualTo(65);
            assertThat(((Number) cdr.get("billableSeconds")).longValue()).isEqualTo(60);
            assertThat(cdr.get("cost", Decimal128.class).bigDecimalValue()).isEqualByComparingTo(new BigDecimal("0.01"));
            assertThat(database().getCollection("call_records").find(new Document("_id", "it-foreign-1")).first())
                    .doesNotContainKey("fold");
            assertThat(database().getCollection("call_records").countDocuments(new Document("_id", "it-bad-1"))).isZero();

            // live counters: one attempt, answered, not active; the redelivery counted nothing twice
            assertThat(countersAfterFirst).containsEntry("total_attempts", "1").containsEntry("answered", "1");
            assertThat(counters("it-sqs")).isEqualTo(countersAfterFirst);

            // the JVM used the image's class-data sharing archive without complaint
            assertThat(function.stdout() + function.stderr()).doesNotContain("[cds");

            // logs are JSON lines naming the skipped call and its reason; metrics are EMF in namespace CdrPlatform
            List<JsonNode> lines = jsonLines(function.stdout());
            assertThat(lines).anySatisfy(line -> {
                assertThat(line.path("level").asText()).isEqualToIgnoringCase("WARN");
                assertThat(line.toString()).contains("it-bad-1").contains("reason");
            });
            // every log line names its service (POWERTOOLS_SERVICE_NAME from the template)
            assertThat(lines).filteredOn(line -> line.has("level")).isNotEmpty()
                    .allSatisfy(line -> assertThat(line.path("service").asText()).isEqualTo("cdr-logger"));
            assertThat(lines).anySatisfy(line -> {
                JsonNode metrics = line.path("_aws").path("CloudWatchMetrics");
                assertThat(metrics.isArray()).isTrue();
                assertThat(metrics.get(0).path("Namespace").asText()).isEqualTo("CdrPlatform");
                assertThat(line.has("EventsProcessed")).isTrue();
            });
        }
    }

    @Test
    void theQueryImageAnswersEveryRouteOfTheTemplateThroughApiGatewayEvents() throws Exception {
        // given: a call stored by the cdr-logger's own code (in-process here)
        storeThroughLogger("it-query", "it-query-1");
        ObjectNode request = (ObjectNode) JSON.readTree(resource("events/apigw-v2-iam-request.json"));

        try (LambdaRuntimeApiEmulator runtimeApi = new LambdaRuntimeApiEmulator();
             LambdaImageProcess function = LambdaImageProcess.start(dockerfile, target("QueryFunction"), null,
                     functionEnvironment("QueryFunction", Map.of(), mongo), runtimeApi, LOGS, "query")) {
            Duration init = function.initTime(runtimeApi, START_TIMEOUT);

            // when: one request per route key of template.yaml, plus a missing call and a bad parameter
            Map<String, JsonNode> answers = new LinkedHashMap<>();
            List<Duration> durations = new ArrayList<>();
            for (String routeKey : routeKeys()) {
                String path = routeKey.substring("GET ".length())
                        .replace("{campaignId}", "it-query").replace("{callId}", "it-query-1");
                long started = System.nanoTime();
                answers.put(routeKey, invoke(runtimeApi, request, routeKey, path, ""));
                durations.add(Duration.ofNanos(System.nanoTime() - started));
            }
            JsonNode missing = invoke(runtimeApi, request, "GET /calls/{callId}", "/calls/no-such-call", "");
            JsonNode badLimit = invoke(runtimeApi, request, "GET /campaigns/{campaignId}/cdrs", "/campaigns/it-query/cdrs", "limit=0");
            record("query", function, init, durations.get(0), durations.get(1));

            // then: every route is served (none is "route not found")
            assertThat(answers.keySet()).containsExactlyInAnyOrderElementsOf(TemplateTest.CONTRACT_ROUTES);
            answers.forEach((routeKey, answer) -> assertThat(answer.path("statusCode").asInt()).as(routeKey + ": " + answer).isEqualTo(200));
            JsonNode call = body(answers.get("GET /calls/{callId}"));
            assertThat(call.path("callId").asText()).isEqualTo("it-query-1");
            assertThat(call.path("status").asText()).isEqualTo("completed");
            assertThat(call.path("cost").asText()).isEqualTo("0.020000");
            assertThat(call.has("fold")).isFalse();
            assertThat(body(answers.get("GET /campaigns/{campaignId}/cdrs")).path("items")).hasSize(1);
            assertThat(body(answers.get("GET /campaigns/{campaignId}/stats")).path("totalAttempts").asInt()).isEqualTo(1);
            assertThat(body(answers.get("GET /campaigns/{campaignId}/live")).path("totalAttempts").asInt()).isEqualTo(1);
            assertThat(answers.get("GET /calls/{callId}").path("headers").path("Content-Type").asText()
                    + answers.get("GET /calls/{callId}").path("headers").path("content-type").asText()).contains("application/json");

            assertThat(missing.path("statusCode").asInt()).isEqualTo(404);
            assertThat(body(missing).path("error").asText()).isEqualTo("call_not_found");
            assertThat(badLimit.path("statusCode").asInt()).isEqualTo(400);
            assertThat(body(badLimit).path("error").asText()).isEqualTo("invalid_parameter");
            // every log line names its service (POWERTOOLS_SERVICE_NAME from the template)
            assertThat(jsonLines(function.stdout())).filteredOn(line -> line.has("level")).isNotEmpty()
                    .allSatisfy(line -> assertThat(line.path("service").asText()).isEqualTo("query"));
        }
    }

    @Test
    void aHandlerErrorIsReportedThroughTheErrorEndpointAndTheContainerKeepsServing() throws Exception {
        // given: the logger as deployed with LoggerTrigger=sns (the function's Command replaces the image's CMD),
        // on a MongoDB of its own that goes down after the function started
        List<String> snsCommand = functionCommand("CdrLoggerFunction", Map.of("LoggerTrigger", "sns"));
        String event = resource("events/sns-call-event.json");
        try (EmbeddedMongo ownMongo = EmbeddedMongo.start();
             LambdaRuntimeApiEmulator runtimeApi = new LambdaRuntimeApiEmulator();
             LambdaImageProcess function = LambdaImageProcess.start(dockerfile, target("CdrLoggerFunction"), snsCommand,
                     functionEnvironment("CdrLoggerFunction", Map.of("MONGODB_TIMEOUT_MS", "1000"), ownMongo),
                     runtimeApi, LOGS, "cdr-logger-sns")) {
            Duration init = function.initTime(runtimeApi, START_TIMEOUT);
            ownMongo.stop();

            // when
            long first = System.nanoTime();
            LambdaRuntimeApiEmulator.Outcome failed = runtimeApi.invoke(event, INVOKE_TIMEOUT);
            Duration firstInvocation = Duration.ofNanos(System.nanoTime() - first);
            ownMongo.restart();
            long second = System.nanoTime();
            LambdaRuntimeApiEmulator.Outcome retried = runtimeApi.invoke(event, INVOKE_TIMEOUT);
            Duration secondInvocation = Duration.ofNanos(System.nanoTime() - second);
            record("logger (SNS)", function, init, firstInvocation, secondInvocation);

            // then: /error with the exception (so Lambda retries the event), and the retry succeeds in the same process
            assertThat(failed.error()).as(failed.body()).isTrue();
            assertThat(failed.errorType()).as("Lambda-Runtime-Function-Error-Type").isNotBlank();
            JsonNode error = JSON.readTree(failed.body());
            assertThat(error.path("errorType").asText()).contains("CallRecordsNotStoredException");
            assertThat(error.path("errorMessage").asText()).contains("could not be stored");
            assertThat(retried.error()).as(retried.body()).isFalse();
            assertThat(function.isAlive()).isTrue();
            try (MongoClient client = MongoClients.create(ownMongo.connectionString())) {
                assertThat(client.getDatabase("campaign_system").getCollection("call_records")
                        .countDocuments(new Document("_id", "it-sns-1"))).isEqualTo(1);
            }
        }
    }

    @Test
    void aBadSettingIsReportedAsAnInitErrorNamingTheVariable() throws Exception {
        try (LambdaRuntimeApiEmulator runtimeApi = new LambdaRuntimeApiEmulator();
             LambdaImageProcess function = LambdaImageProcess.start(dockerfile, target("CdrLoggerFunction"), null,
                     functionEnvironment("CdrLoggerFunction", Map.of("CDR_RETENTION_DAYS", "forever"), mongo),
                     runtimeApi, LOGS, "cdr-logger-misconfigured")) {
            // when
            String initError = runtimeApi.awaitInitError(START_TIMEOUT);

            // then: Lambda shows the cause of the failed start, and the process ends
            assertThat(initError).contains("CDR_RETENTION_DAYS");
            assertThat(function.awaitExit(Duration.ofSeconds(30))).isNotEqualTo(0);
        }
    }

    @Test
    void bothLambdaImagesLoadTheirInitClassesFromTheClassDataSharingArchiveTheImageBuildTrained() throws Exception {
        for (String function : List.of("CdrLoggerFunction", "QueryFunction")) {
            Path classLog = LOGS.toAbsolutePath().resolve(function + "-class-load.log");
            Files.deleteIfExists(classLog);
            Map<String, String> environment = new LinkedHashMap<>(functionEnvironment(function, Map.of(), mongo));
            // JAVA_TOOL_OPTIONS adds the class-load log without changing the image's command line
            environment.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog);
            try (LambdaRuntimeApiEmulator runtimeApi = new LambdaRuntimeApiEmulator();
                 LambdaImageProcess process = LambdaImageProcess.start(dockerfile, target(function), null, environment,
                         runtimeApi, LOGS, function + "-cds")) {
                process.initTime(runtimeApi, START_TIMEOUT);
            }
            List<String> loaded = Files.readAllLines(classLog);
            long fromAppArchive = loaded.stream().filter(line -> line.contains("source: shared objects file (top)")).count();
            long fromJar = loaded.stream().filter(line -> line.contains("source: file:")).count();
            assertThat(fromAppArchive).as(function + ": classes from the image's app.jsa").isGreaterThan(1000);
            assertThat(fromJar).as(function + ": classes still read from app.jar at init").isLessThan(fromAppArchive / 10);
        }
    }

    @Test
    void theCounterHealImageRebuildsCountersRedisLostAndThenFindsThemWholeWithoutDrift() throws Exception {
        // given: calls stored and counted, then Redis flushed (as a node replacement leaves it)
        storeThroughLogger("it-heal", "it-heal-1");
        storeThroughLogger("it-heal", "it-heal-2");
        redisConnection.sync().flushall();
        List<String> command = functionCommand("CounterHealFunction", Map.of());
        String scheduled = resource("events/scheduled-event.json");

        try (LambdaRuntimeApiEmulator runtimeApi = new LambdaRuntimeApiEmulator();
             LambdaImageProcess function = LambdaImageProcess.start(dockerfile, target("CounterHealFunction"), command,
                     functionEnvironment("CounterHealFunction", Map.of(), mongo), runtimeApi, LOGS, "counter-heal")) {
            Duration init = function.initTime(runtimeApi, START_TIMEOUT);

            // when: the schedule fires, twice
            long first = System.nanoTime();
            LambdaRuntimeApiEmulator.Outcome healed = runtimeApi.invoke(scheduled, INVOKE_TIMEOUT);
            Duration firstInvocation = Duration.ofNanos(System.nanoTime() - first);
            long second = System.nanoTime();
            LambdaRuntimeApiEmulator.Outcome checked = runtimeApi.invoke(scheduled, INVOKE_TIMEOUT);
            Duration secondInvocation = Duration.ofNanos(System.nanoTime() - second);
            record("counter-heal", function, init, firstInvocation, secondInvocation);

            // then: the first found the marker gone and rebuilt the counters from MongoDB
            assertThat(healed.error()).as(healed.body()).isFalse();
            JsonNode answer = JSON.readTree(healed.body());
            assertThat(answer.path("marker").asText()).isEqualTo("lost");
            assertThat(answer.path("rebuilt").asBoolean()).isTrue();
            assertThat(answer.path("whole").asBoolean()).isTrue();
            assertThat(counters("it-heal")).containsEntry("total_attempts", "2").containsEntry("answered", "2")
                    .containsEntry("converted", "2");
            // the second found them whole and the sampled campaigns without drift
            JsonNode again = JSON.readTree(checked.body());
            assertThat(again.path("marker").asText()).isEqualTo("whole");
            assertThat(again.path("rebuilt").asBoolean()).isFalse();
            assertThat(again.path("drift").asLong()).isZero();
            assertThat(again.path("campaignsChecked").asInt()).isPositive();
            // and the EMF lines the alarms watch: CountersStale 1, then 0
            List<JsonNode> metrics = jsonLines(function.stdout()).stream().filter(line -> line.has("CountersStale")).toList();
            assertThat(metrics).extracting(line -> line.path("CountersStale").asInt()).containsExactly(1, 0);
            assertThat(metrics.get(0).path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                    .isEqualTo("CdrPlatform");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The SAM Metadata DockerBuildTarget of a function. */
    static String target(String function) {
        return String.valueOf(map(template.resource(function).get("Metadata"), "Metadata").get("DockerBuildTarget"));
    }

    /** The function's ImageConfig.Command for a deployment with these parameters. */
    @SuppressWarnings("unchecked")
    static List<String> functionCommand(String function, Map<String, String> chosen) {
        Map<String, String> parameters = new HashMap<>(TemplateTest.REQUIRED);
        parameters.putAll(chosen);
        Object command = map(properties(template.resource(function)).get("ImageConfig"), "ImageConfig").get("Command");
        return (List<String>) template.evaluate(command, template.parameterValues(parameters));
    }

    /**
     * The environment template.yaml gives a function in the default deployment, with the values a
     * user supplies (RedisHost, the secrets) pointing at the test servers. A variable the template
     * sets without a test value here fails the test, so a new one is never silently left out.
     */
    static Map<String, String> functionEnvironment(String function, Map<String, String> extra, EmbeddedMongo store) {
        Map<String, String> parameters = TemplateTest.deployedWith(Map.of("RedisHost", "127.0.0.1",
                "RedisPort", Integer.toString(redis.port())));
        Map<String, Object> variables = new LinkedHashMap<>();
        Map<String, Object> globals = map(map(map(template.section("Globals").get("Function"), "Function")
                .get("Environment"), "Environment").get("Variables"), "Variables");
        variables.putAll(map(template.evaluate(globals, parameters), "globals"));
        Object own = properties(template.resource(function)).get("Environment");
        if (own != null) {
            variables.putAll(map(template.evaluate(map(own, "Environment").get("Variables"), parameters), "variables"));
        }
        Map<String, String> secrets = Map.of(
                "MONGODB_URI", store.connectionString(),
                "CURSOR_SECRET", "arn:aws:cloudformation:us-east-1:123456789012:stack/cdr-platform/0e5f3a70-b3a4-11ee-a7f1-0a1b2c3d4e5f");
        Map<String, String> environment = new LinkedHashMap<>();
        variables.forEach((name, value) -> {
            if (secrets.containsKey(name)) {
                environment.put(name, secrets.get(name));
            } else if (value instanceof String || value instanceof Number) {
                environment.put(name, String.valueOf(value));
            } else {
                throw new AssertionError(function + " gets " + name + " = " + value + ": give it a test value here");
            }
        });
        environment.putAll(extra);
        return environment;
    }

    static List<String> routeKeys() {
        List<String> keys = new ArrayList<>();
        for (String route : template.resourcesOfType("AWS::ApiGatewayV2::Route")) {
            keys.add(String.valueOf(properties(template.resource(route)).get("RouteKey")));
        }
        return keys;
    }

    /** One API Gateway HTTP API (payload 2.0) request for a route, as the integration sends it. */
    static JsonNode invoke(LambdaRuntimeApiEmulator runtimeApi, ObjectNode template, String routeKey, String path, String query)
            throws Exception {
        ObjectNode request = template.deepCopy();
        request.put("routeKey", routeKey);
        request.put("rawPath", path);
        request.put("rawQueryString", query);
        ObjectNode context = (ObjectNode) request.path("requestContext");
        context.put("routeKey", routeKey);
        ((ObjectNode) context.path("http")).put("path", path);
        ObjectNode pathParameters = JSON.createObjectNode();
        String[] keyParts = routeKey.substring("GET ".length()).split("/");
        String[] pathParts = path.split("/");
        for (int i = 0; i < keyParts.length && i < pathParts.length; i++) {
            if (keyParts[i].startsWith("{")) {
                pathParameters.put(keyParts[i].substring(1, keyParts[i].length() - 1), pathParts[i]);
            }
        }
        request.set("pathParameters", pathParameters);
        if (query.isEmpty()) {
            request.remove("queryStringParameters");
        } else {
            ObjectNode parameters = JSON.createObjectNode();
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                parameters.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            request.set("queryStringParameters", parameters);
        }
        LambdaRuntimeApiEmulator.Outcome outcome = runtimeApi.invoke(JSON.writeValueAsString(request), INVOKE_TIMEOUT);
        assertThat(outcome.error()).as(routeKey + " " + path + ": " + outcome.body()).isFalse();
        return JSON.readTree(outcome.body());
    }

    static JsonNode body(JsonNode response) throws IOException {
        String body = response.path("body").asText();
        if (response.path("isBase64Encoded").asBoolean(false)) {
            body = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return JSON.readTree(body);
    }

    static void storeThroughLogger(String campaignId, String callId) {
        SqsEventHandler logger = new SqsEventHandler(database(), redisClient, Clock.systemUTC(),
                Tariff.parse("0.01", "60/60"), CdrLoggerMetrics.NONE);
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        String[] events = {
                "{\"callId\":\"%s\",\"campaignId\":\"%s\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T12:00:00Z\"}",
                "{\"callId\":\"%s\",\"campaignId\":\"%s\",\"eventType\":\"call_answered\",\"timestamp\":\"2024-01-15T12:00:03Z\"}",
                "{\"callId\":\"%s\",\"campaignId\":\"%s\",\"eventType\":\"call_ended\",\"timestamp\":\"2024-01-15T12:01:04Z\",\"outcome\":\"converted\"}"};
        for (int i = 0; i < events.length; i++) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("seed-" + i);
            message.setBody(String.format(Locale.ROOT, events[i], callId, campaignId));
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        assertThat(logger.handleRequest(event, null).getBatchItemFailures()).isEmpty();
    }

    static MongoDatabase database() {
        return mongoClient.getDatabase("campaign_system");
    }

    static Map<String, String> counters(String campaignId) {
        Map<String, String> values = new TreeMap<>();
        for (String counter : Set.of("total_attempts", "active_calls", "answered", "converted", "no_answer")) {
            String value = redisConnection.sync().get("campaign:" + campaignId + ":" + counter);
            if (value != null) {
                values.put(counter, value);
            }
        }
        return values;
    }

    static List<JsonNode> jsonLines(String output) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (line.startsWith("{")) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("a log line that is not JSON: " + line, e);
                }
            }
        }
        return lines;
    }

    static String resource(String name) {
        try (InputStream in = LambdaImageEntryPointIT.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized void record(String image, LambdaImageProcess function, Duration init, Duration first, Duration second) {
        String handler = function.command().get(function.command().size() - 1);
        FIGURES.put(image, new Figure(image, handler, init, first, second));
        System.out.printf(Locale.ROOT, "{\"level\":\"INFO\",\"message\":\"lambda image init time\",\"image\":\"%s\","
                + "\"handler\":\"%s\",\"initMs\":%d,\"firstInvocationMs\":%d,\"secondInvocationMs\":%d,\"targetMs\":1500}%n",
                image, handler, init.toMillis(), first.toMillis(), second.toMillis());
    }

    static void writeReport() throws IOException {
        if (FIGURES.isEmpty()) {
            return;
        }
        StringBuilder report = new StringBuilder();
        report.append("# Lambda image init times\n\n")
                .append("Process start of the image's entry command (runtime interface client + handler) to its first poll of ")
                .append("`/runtime/invocation/next` (Lambda's Init Duration); target <= 1500 ms. Invocations are measured ")
                .append("from queuing the event to the runtime's answer, the first one after init (cold) and the next (warm).\n\n")
                .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, java ")
                .append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vm.name")).append(")\n\n")
                .append("| image | handler | init (ms) | first invocation (ms) | second invocation (ms) | within 1.5 s |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Figure figure : FIGURES.values()) {
            report.append(String.format(Locale.ROOT, "| %s | `%s` | %d | %d | %d | %s |%n", figure.image(), figure.handler(),
                    figure.init().toMillis(), figure.firstInvocation().toMillis(), figure.secondInvocation().toMillis(),
                    figure.init().toMillis() <= 1500 ? "yes" : "no"));
        }
        Path file = Path.of(System.getProperty("init.report", "target/lambda-init-times.md"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
        System.out.print(report);
    }
}
