package io.cdrplatform.deployment;

import io.cdrplatform.store.clients.StoreSettings;
import static io.cdrplatform.deployment.CloudFormationTemplate.list;
import static io.cdrplatform.deployment.CloudFormationTemplate.map;
import static io.cdrplatform.deployment.CloudFormationTemplate.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.bridge.BridgeConfig;
import io.cdrplatform.logger.SqsEventHandler;
import io.cdrplatform.query.QueryHandler;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** template.yaml read as CloudFormation reads it, checked against the code it deploys and the contract. */
class TemplateTest {

    /** CONTRACT section 4: the HTTP API's routes, fixed. */
    static final Set<String> CONTRACT_ROUTES = Set.of(
            "GET /campaigns/{campaignId}/cdrs",
            "GET /campaigns/{campaignId}/stats",
            "GET /campaigns/{campaignId}/live",
            "GET /calls/{callId}");

    /** Values for the parameters that have no default (what `sam deploy --guided` asks for). */
    static final Map<String, String> REQUIRED = Map.of(
            "MongoDbUriSecretName", "cdr/mongodb",
            "SubnetIds", "subnet-0a,subnet-0b",
            "VpcId", "vpc-01",
            "SecurityGroupIds", "sg-01");

    /** Set by Lambda itself; a function may not set them. */
    static final Set<String> LAMBDA_RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    static final CloudFormationTemplate template = Repository.template();

    /**
     * Variables the logger's libraries read, not its own classes: the allow-list of what the
     * template may set for them. Each names the library class whose jar reads it (checked by
     * {@link #everyLibraryReadVariableIsNamedByItsLibrary}) and is used because the logger's own
     * configuration chooses that library: log4j2.xml lays lines out with Powertools'
     * LambdaJsonLayout, whose {@code service} field is POWERTOOLS_SERVICE_NAME. Add only what the
     * template actually sets.
     */
    static final Map<String, Class<?>> LOGGER_LIBRARY_READS = Map.of(
            "POWERTOOLS_SERVICE_NAME", software.amazon.lambda.powertools.common.internal.LambdaConstants.class);

    /** The parameter values of `sam deploy` with every default accepted. */
    static Map<String, String> deployedWithDefaults(CloudFormationTemplate template) {
        return template.parameterValues(REQUIRED);
    }

    static Map<String, String> deployedWith(Map<String, String> chosen) {
        Map<String, String> given = new HashMap<>(REQUIRED);
        given.putAll(chosen);
        return template.parameterValues(given);
    }

    @Test
    void shortFormTagsAreReadAsTheirLongForms() {
        // given
        String yaml = """
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                Resources:
                  Thing:
                    Properties:
                      Name: !Sub '${AWS::StackName}-thing'
                      Arn: !GetAtt Queue.Arn
                      First: !Select [0, !Ref Subnets]
                      Mode: !If [IsProd, !Ref AWS::NoValue, dev]
                      Both: !And [!Condition IsProd, !Not [!Equals [!Ref Stage, '']]]
                """;

        // when
        CloudFormationTemplate parsed = CloudFormationTemplate.parse(new StringReader(yaml));
        Map<String, Object> thing = properties(parsed.resource("Thing"));

        // then
        assertThat(thing.get("Name")).isEqualTo(Map.of("Fn::Sub", "${AWS::StackName}-thing"));
        assertThat(thing.get("Arn")).isEqualTo(Map.of("Fn::GetAtt", List.of("Queue", "Arn")));
        assertThat(thing.get("First")).isEqualTo(Map.of("Fn::Select", List.of(0, Map.of("Ref", "Subnets"))));
        assertThat(thing.get("Both")).isEqualTo(Map.of("Fn::And", List.of(Map.of("Condition", "IsProd"),
                Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "Stage"), "")))))));
        assertThat(parsed.evaluate(thing, Map.of("Stage", "prod"))).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("Mode");
        assertThat(map(parsed.evaluate(thing, Map.of("Stage", "test")), "thing")).containsEntry("Mode", "dev");
    }

    @Test
    void isASamTemplateWhoseFunctionsShipAsContainerImages() {
        assertThat(template.root().get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        List<String> functions = template.resourcesOfType("AWS::Serverless::Function");
        assertThat(functions).containsExactlyInAnyOrder("CdrLoggerFunction", "QueryFunction", "CounterHealFunction");
        for (String function : functions) {
            assertThat(properties(template.resource(function))).as(function).containsEntry("PackageType", "Image");
        }
    }

    @Test
    void everyHandlerTheTemplateNamesIsAClassWithAHandleRequestMethod() {
        // given: every handler string of every function, under every condition
        Set<String> handlers = new TreeSet<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Object command = map(properties(template.resource(function)).get("ImageConfig"), function).get("Command");
            CloudFormationTemplate.possibleStrings(command).stream().filter(text -> text.contains("::")).forEach(handlers::add);
        }

        // then
        assertThat(handlers).containsExactlyInAnyOrder(
                "io.cdrplatform.logger.SqsEventHandler::handleRequest",
                "io.cdrplatform.logger.SnsEventHandler::handleRequest",
                "io.cdrplatform.logger.heal.CounterHealHandler::handleRequest",
                "io.cdrplatform.query.QueryHandler::handleRequest");
        for (String handler : handlers) {
            assertThat(LambdaHandlerName.parse(handler).verify()).as(handler).isNotNull();
        }
    }

    @Test
    void theLoggerRunsTheHandlerForTheEventItIsGiven() {
        Map<String, String> viaQueue = deployedWith(Map.of());
        Map<String, String> viaSns = deployedWith(Map.of("LoggerTrigger", "sns"));
        Object command = map(properties(template.resource("CdrLoggerFunction")).get("ImageConfig"), "ImageConfig").get("Command");

        assertThat(template.evaluate(command, viaQueue)).isEqualTo(List.of("io.cdrplatform.logger.SqsEventHandler::handleRequest"));
        assertThat(template.evaluate(command, viaSns)).isEqualTo(List.of("io.cdrplatform.logger.SnsEventHandler::handleRequest"));
    }

    @Test
    void everyRouteOfTheContractAndNoOtherIsWiredToTheQueryFunction() {
        // given
        Map<String, String> routeTargets = new TreeMap<>();
        for (String route : template.resourcesOfType("AWS::ApiGatewayV2::Route")) {
            Map<String, Object> properties = properties(template.resource(route));
            assertThat(properties.get("ApiId")).as(route).isEqualTo(Map.of("Ref", "QueryHttpApi"));
            String target = String.valueOf(map(properties.get("Target"), route + " Target").get("Fn::Sub"));
            routeTargets.put(String.valueOf(properties.get("RouteKey")), target);
        }

        // then: the four routes, each to the one integration, which proxies (payload 2.0) to the query function
        assertThat(routeTargets.keySet()).containsExactlyInAnyOrderElementsOf(CONTRACT_ROUTES);
        assertThat(Set.copyOf(routeTargets.values())).containsExactly("integrations/${QueryIntegration}");
        Map<String, Object> integration = properties(template.resource("QueryIntegration"));
        assertThat(integration)
                .containsEntry("ApiId", Map.of("Ref", "QueryHttpApi"))
                .containsEntry("IntegrationType", "AWS_PROXY")
                .containsEntry("PayloadFormatVersion", "2.0")
                .containsEntry("IntegrationUri", Map.of("Fn::GetAtt", List.of("QueryFunction", "Arn")));
        assertThat(map(properties(template.resource("QueryFunction")).get("ImageConfig"), "ImageConfig").get("Command"))
                .isEqualTo(List.of(QueryHandler.class.getName() + "::handleRequest"));
        Map<String, Object> permission = properties(template.resource("QueryInvokePermission"));
        assertThat(permission)
                .containsEntry("FunctionName", Map.of("Ref", "QueryFunction"))
                .containsEntry("Principal", "apigateway.amazonaws.com")
                .containsEntry("Action", "lambda:InvokeFunction");
        assertThat(String.valueOf(map(permission.get("SourceArn"), "SourceArn").get("Fn::Sub"))).contains("${QueryHttpApi}/*/GET/*");
    }

    @Test
    void everyRouteNeedsIamSignaturesByDefaultAndTheJwtAuthorizerWhenChosen() {
        Map<String, String> iam = deployedWith(Map.of());
        Map<String, String> jwt = deployedWith(Map.of("ApiAuthorization", "JWT", "JwtIssuer", "https://issuer.example",
                "JwtAudience", "client-1"));

        assertThat(template.created("QueryJwtAuthorizer", iam)).isFalse();
        assertThat(template.created("QueryJwtAuthorizer", jwt)).isTrue();
        for (String route : template.resourcesOfType("AWS::ApiGatewayV2::Route")) {
            Map<String, Object> underIam = map(template.evaluate(properties(template.resource(route)), iam), route);
            Map<String, Object> underJwt = map(template.evaluate(properties(template.resource(route)), jwt), route);
            assertThat(underIam).as(route).containsEntry("AuthorizationType", "AWS_IAM").doesNotContainKey("AuthorizerId");
            assertThat(underJwt).as(route).containsEntry("AuthorizationType", "JWT")
                    .containsEntry("AuthorizerId", Map.of("Ref", "QueryJwtAuthorizer"));
        }
        Map<String, Object> authorizer = map(template.evaluate(properties(template.resource("QueryJwtAuthorizer")), jwt), "authorizer");
        assertThat(map(authorizer.get("JwtConfiguration"), "JwtConfiguration")).containsEntry("Issuer", "https://issuer.example");
    }

    @Test
    void theLoggerIsFedByTheQueueWithPartialBatchFailuresABatchingWindowAndADeadLetterQueue() {
        // given the default deployment
        Map<String, String> parameters = deployedWith(Map.of());
        Map<String, Object> mapping = map(template.evaluate(properties(template.resource("CdrLoggerQueueMapping")), parameters), "mapping");
        Map<String, Object> queue = properties(template.resource("CallEventsQueue"));
        Map<String, Object> subscription = map(template.evaluate(
                properties(template.resource("CallEventsQueueSubscription")), parameters), "subscription");

        // then
        assertThat(template.created("CdrLoggerQueueMapping", parameters)).isTrue();
        assertThat(template.created("CdrLoggerSnsSubscription", parameters)).isFalse();
        assertThat(mapping)
                .containsEntry("EventSourceArn", Map.of("Fn::GetAtt", List.of("CallEventsQueue", "Arn")))
                .containsEntry("FunctionName", Map.of("Ref", "CdrLoggerFunction"))
                .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
        int window = ((Number) mapping.get("MaximumBatchingWindowInSeconds")).intValue();
        assertThat(window).isPositive();
        assertThat(map(queue.get("RedrivePolicy"), "RedrivePolicy"))
                .containsEntry("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of("CallEventsDeadLetterQueue", "Arn")));
        int timeout = ((Number) map(map(template.section("Globals").get("Function"), "Globals"), "Function").get("Timeout")).intValue();
        assertThat(((Number) queue.get("VisibilityTimeout")).intValue())
                .as("SQS visibility timeout >= 6 x function timeout + batching window")
                .isGreaterThanOrEqualTo(6 * timeout + window);
        assertThat(subscription)
                .containsEntry("TopicArn", Map.of("Ref", "CallEventsTopic"))
                .containsEntry("Protocol", "sqs")
                .containsEntry("RawMessageDelivery", "false");
        assertThat(properties(template.resource("CallEventsTopic"))).containsEntry("TopicName", "call-events");
    }

    @Test
    void directSnsDeliveryInvokesTheLoggerAndDeadLettersFailedInvocations() {
        Map<String, String> parameters = deployedWith(Map.of("LoggerTrigger", "sns"));

        assertThat(template.created("CdrLoggerQueueMapping", parameters)).isFalse();
        assertThat(template.created("CallEventsQueue", parameters)).isFalse();
        assertThat(template.created("CdrLoggerSnsSubscription", parameters)).isTrue();
        assertThat(template.created("CdrLoggerSnsPermission", parameters)).isTrue();
        Map<String, Object> asyncConfig = properties(template.resource("CdrLoggerAsyncFailures"));
        assertThat(template.created("CdrLoggerAsyncFailures", parameters)).isTrue();
        assertThat(map(map(asyncConfig.get("DestinationConfig"), "DestinationConfig").get("OnFailure"), "OnFailure"))
                .containsEntry("Destination", Map.of("Fn::GetAtt", List.of("CallEventsDeadLetterQueue", "Arn")));
        // the function's role may send to the dead-letter queue (Lambda uses it for the destination)
        Object policies = template.evaluate(properties(template.resource("CdrLoggerFunction")).get("Policies"), parameters);
        assertThat(CloudFormationTemplate.possibleStrings(policies)).contains("sqs:SendMessage")
                .doesNotContain("sqs:ReceiveMessage");
    }

    @Test
    void everyEnvironmentVariableTheTemplateSetsIsReadByTheCodeThatGetsIt() {
        // given: what each deployable's own code reads (its classes and its configuration files,
        // and cdr-store's, which reads the store variables for both functions), and the variables
        // the libraries it configures read for it
        Set<String> loggerReads = ReadEnvironmentNames.of(SqsEventHandler.class, StoreSettings.class);
        loggerReads.addAll(LOGGER_LIBRARY_READS.keySet());
        Set<String> queryReads = ReadEnvironmentNames.of(QueryHandler.class, StoreSettings.class);
        Set<String> bridgeReads = ReadEnvironmentNames.of(BridgeConfig.class);
        Set<String> globals = map(map(map(template.section("Globals").get("Function"), "Function")
                .get("Environment"), "Environment").get("Variables"), "Variables").keySet();

        // then
        Map<String, Set<String>> unread = new LinkedHashMap<>();
        unread.put("CdrLoggerFunction", unread(functionEnvironment("CdrLoggerFunction", globals), loggerReads));
        unread.put("QueryFunction", unread(functionEnvironment("QueryFunction", globals), queryReads));
        unread.put("BridgeTaskDefinition", unread(bridgeEnvironment(), bridgeReads));
        unread.put("Dockerfile bridge target", unread(Repository.dockerfile().env("bridge").keySet(), bridgeReads));
        assertThat(unread).allSatisfy((where, names) -> assertThat(names).as("set by %s but read by nobody", where).isEmpty());
        // and the sets are not trivially empty
        assertThat(functionEnvironment("CdrLoggerFunction", globals)).contains("MONGODB_URI", "REDIS_HOST", "COST_PER_MINUTE",
                "BILLING_INCREMENT", "CDR_RETENTION_DAYS");
        assertThat(functionEnvironment("QueryFunction", globals)).contains("MONGODB_URI", "CURSOR_SECRET");
        assertThat(bridgeEnvironment()).contains("SNS_TOPIC_ARN", "SPOOL_DIR", "DB_PASSWORD");
    }

    @Test
    void everyLibraryReadVariableIsNamedByItsLibrary() throws Exception {
        LOGGER_LIBRARY_READS.forEach((name, library) ->
                assertThat(ReadEnvironmentNames.of(library)).as("names read by %s's jar", library.getName()).contains(name));
        // the logger's own configuration is what makes Powertools' resolver write the service field
        String loggerLog4j = new String(SqsEventHandler.class.getResourceAsStream("/log4j2.xml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(loggerLog4j).contains("classpath:LambdaJsonLayout.json");
    }

    @Test
    void eachFunctionNamesItsServiceForItsLogLines() {
        Map<String, String> defaults = deployedWith(Map.of());
        for (Map.Entry<String, String> function : Map.of("CdrLoggerFunction", "cdr-logger", "QueryFunction", "query").entrySet()) {
            Map<String, Object> variables = map(map(template.evaluate(properties(template.resource(function.getKey())), defaults),
                    function.getKey()).get("Environment"), "Environment");
            assertThat(map(variables.get("Variables"), "Variables")).as(function.getKey())
                    .containsEntry("POWERTOOLS_SERVICE_NAME", function.getValue());
        }
    }

    @Test
    void noFunctionSetsAVariableLambdaReserves() {
        Set<String> globals = map(map(map(template.section("Globals").get("Function"), "Function")
                .get("Environment"), "Environment").get("Variables"), "Variables").keySet();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            assertThat(functionEnvironment(function, globals)).as(function)
                    .noneMatch(name -> LAMBDA_RESERVED.contains(name) || name.startsWith("AWS_LAMBDA_"));
        }
    }

    @Test
    void connectionSecretsComeFromSecretsManagerNotFromPlainParameters() {
        Map<String, Object> globals = map(map(map(template.section("Globals").get("Function"), "Function")
                .get("Environment"), "Environment").get("Variables"), "Variables");
        assertThat(map(globals.get("MONGODB_URI"), "MONGODB_URI").get("Fn::Sub").toString())
                .startsWith("{{resolve:secretsmanager:${MongoDbUriSecretName}:SecretString:");
        assertThat(CloudFormationTemplate.possibleStrings(globals.get("REDIS_URL")))
                .anyMatch(value -> value.startsWith("{{resolve:secretsmanager:"));
        // the bridge's PostgreSQL password is injected by ECS from the secret, never an environment value
        assertThat(bridgeEnvironmentValues()).doesNotContainKey("DB_PASSWORD");
    }

    @Test
    void inlinePoliciesNameTheirActionsAndResources() {
        List<Map<String, Object>> statements = new ArrayList<>();
        collectStatements(template.resources(), statements);
        assertThat(statements).hasSizeGreaterThan(5);
        for (Map<String, Object> statement : statements) {
            assertThat(CloudFormationTemplate.possibleStrings(statement.get("Action"))).as("%s", statement)
                    .noneMatch(action -> action.equals("*") || action.endsWith(":*"));
            assertThat(statement.get("Resource")).as("%s", statement).isNotEqualTo("*");
        }
    }

    @Test
    void everyLogGroupKeepsLogsForTheChosenRetentionAndEachFunctionWritesToItsOwn() {
        for (String logGroup : template.resourcesOfType("AWS::Logs::LogGroup")) {
            assertThat(properties(template.resource(logGroup))).as(logGroup)
                    .containsEntry("RetentionInDays", Map.of("Ref", "LogRetentionDays"));
        }
        assertThat(map(properties(template.resource("CdrLoggerFunction")).get("LoggingConfig"), "LoggingConfig"))
                .containsEntry("LogGroup", Map.of("Ref", "CdrLoggerLogGroup"));
        assertThat(map(properties(template.resource("QueryFunction")).get("LoggingConfig"), "LoggingConfig"))
                .containsEntry("LogGroup", Map.of("Ref", "QueryLogGroup"));
    }

    @Test
    void theSeedsAlarmsWatchErrorRateDurationAndTheDeadLetterQueue() {
        List<String> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");
        assertThat(alarms).contains("CdrLoggerErrorRateAlarm", "CdrLoggerDurationAlarm", "DeadLetterQueueDepthAlarm");
        assertThat(properties(template.resource("DeadLetterQueueDepthAlarm")).get("Dimensions").toString())
                .contains("CallEventsDeadLetterQueue");
        for (String alarm : alarms) {
            assertThat(properties(template.resource(alarm)).get("AlarmActions")).as(alarm).isEqualTo(List.of(Map.of("Ref", "AlarmTopic")));
        }
    }

    @Test
    void theBridgeIsOptionalAndListensBehindANetworkLoadBalancerOnTcp9000WithItsSpoolOnEfs() {
        Map<String, String> without = deployedWith(Map.of());
        Map<String, String> with = deployedWith(Map.of("EnableAvayaBridge", "true",
                "BridgeImageUri", "123456789012.dkr.ecr.us-east-1.amazonaws.com/avaya-bridge:1"));

        assertThat(template.resourcesOfType("AWS::ECS::Service")).allSatisfy(id -> assertThat(template.created(id, without)).isFalse());
        assertThat(template.created("BridgeService", with)).isTrue();
        assertThat(properties(template.resource("BridgeLoadBalancer"))).containsEntry("Type", "network");
        assertThat(properties(template.resource("BridgeListener"))).containsEntry("Port", 9000).containsEntry("Protocol", "TCP");
        Map<String, Object> container = map(list(properties(template.resource("BridgeTaskDefinition")).get("ContainerDefinitions"),
                "ContainerDefinitions").get(0), "container");
        Map<String, Object> mount = map(list(container.get("MountPoints"), "MountPoints").get(0), "mount");
        String spoolDir = bridgeEnvironmentValues().get("SPOOL_DIR").toString();
        assertThat(mount.get("ContainerPath")).isEqualTo(spoolDir);
        assertThat(Repository.dockerfile().env("bridge")).containsEntry("SPOOL_DIR", spoolDir);
        Map<String, Object> volume = map(list(properties(template.resource("BridgeTaskDefinition")).get("Volumes"), "Volumes").get(0), "volume");
        assertThat(map(volume.get("EFSVolumeConfiguration"), "EFS")).containsEntry("FilesystemId", Map.of("Ref", "SpoolFileSystem"));
        assertThat(container).containsEntry("Image", Map.of("Ref", "BridgeImageUri"));
        // one task per spool directory
        assertThat(properties(template.resource("BridgeService"))).containsEntry("DesiredCount", 1);
    }

    @Test
    void outputsGiveTheTopicTheApiUrlAndTheBridgeAddress() {
        assertThat(template.section("Outputs")).containsKeys("CallEventsTopicArn", "ApiUrl", "BridgeAddress");
        assertThat(map(template.section("Outputs").get("CallEventsTopicArn"), "output")).containsEntry("Value", Map.of("Ref", "CallEventsTopic"));
        assertThat(map(template.section("Outputs").get("BridgeAddress"), "output")).containsEntry("Condition", "BridgeEnabled");
    }

    @Test
    void theEventsStackTheLocalStackTestDeploysReferencesOnlyWhatItContains() throws Exception {
        // given
        Map<String, Object> stack = EventsStack.of(template);
        Set<String> known = new TreeSet<>();
        known.addAll(map(stack.get("Parameters"), "Parameters").keySet());
        known.addAll(map(stack.get("Resources"), "Resources").keySet());
        Set<String> conditions = map(stack.get("Conditions"), "Conditions").keySet();

        // when
        Set<String> references = new TreeSet<>();
        Set<String> conditionReferences = new TreeSet<>();
        collectReferences(stack, references, conditionReferences);

        // then
        assertThat(references).isNotEmpty().allSatisfy(name -> assertThat(known.contains(name) || name.startsWith("AWS::"))
                .as("%s is defined in the events stack", name).isTrue());
        assertThat(conditions).containsAll(conditionReferences);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "events-stack.json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(stack));
    }

    /** Ref, GetAtt and ${...} names, and condition names, used anywhere in a value. */
    private static void collectReferences(Object node, Set<String> names, Set<String> conditions) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                switch (String.valueOf(key)) {
                    case "Ref" -> names.add(String.valueOf(value));
                    case "Fn::GetAtt" -> names.add(String.valueOf(list(value, "GetAtt").get(0)));
                    case "Fn::Sub" -> {
                        java.util.regex.Matcher variable = java.util.regex.Pattern.compile("\\$\\{([^}!]+)}")
                                .matcher(String.valueOf(value instanceof List<?> sub ? sub.get(0) : value));
                        while (variable.find()) {
                            names.add(variable.group(1).split("\\.")[0]);
                        }
                    }
                    case "Condition" -> {
                        if (value instanceof String name) { // (an IAM statement's Condition is a mapping)
                            conditions.add(name);
                        }
                    }
                    case "Fn::If" -> conditions.add(String.valueOf(list(value, "If").get(0)));
                    default -> { }
                }
                collectReferences(value, names, conditions);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(inner -> collectReferences(inner, names, conditions));
        }
    }

    private static Set<String> unread(Set<String> set, Set<String> read) {
        Set<String> unread = new TreeSet<>(set);
        unread.removeAll(read);
        return unread;
    }

    private static Set<String> functionEnvironment(String function, Set<String> globals) {
        Set<String> names = new TreeSet<>(globals);
        Object environment = properties(template.resource(function)).get("Environment");
        if (environment != null) {
            names.addAll(map(map(environment, "Environment").get("Variables"), "Variables").keySet());
        }
        return names;
    }

    /** Names the bridge container gets: its Environment and its Secrets, under every condition. */
    private static Set<String> bridgeEnvironment() {
        Map<String, String> withDb = deployedWith(Map.of("EnableAvayaBridge", "true", "BridgeImageUri", "image",
                "BridgeDbHost", "db.internal", "BridgeDbSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"));
        Map<String, Object> container = map(list(map(template.evaluate(properties(template.resource("BridgeTaskDefinition")), withDb),
                "task").get("ContainerDefinitions"), "ContainerDefinitions").get(0), "container");
        Set<String> names = new TreeSet<>();
        for (String key : List.of("Environment", "Secrets")) {
            for (Object entry : list(container.get(key), key)) {
                names.add(String.valueOf(map(entry, key).get("Name")));
            }
        }
        return names;
    }

    private static Map<String, Object> bridgeEnvironmentValues() {
        Map<String, String> withDb = deployedWith(Map.of("EnableAvayaBridge", "true", "BridgeImageUri", "image",
                "BridgeDbHost", "db.internal", "BridgeDbSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"));
        Map<String, Object> container = map(list(map(template.evaluate(properties(template.resource("BridgeTaskDefinition")), withDb),
                "task").get("ContainerDefinitions"), "ContainerDefinitions").get(0), "container");
        Map<String, Object> values = new TreeMap<>();
        for (Object entry : list(container.get("Environment"), "Environment")) {
            values.put(String.valueOf(map(entry, "Environment").get("Name")), map(entry, "Environment").get("Value"));
        }
        return values;
    }

    /** Every IAM statement in the template: inline role policies, managed policies, SAM function Policies. */
    private static void collectStatements(Object node, List<Map<String, Object>> into) {
        if (node instanceof Map<?, ?> map) {
            Object statement = map.get("Statement");
            if (statement instanceof List<?> statements && !map.containsKey("Principal")) {
                for (Object one : statements) {
                    Map<String, Object> candidate = map(one, "Statement");
                    // resource policies (queue policies, trust policies) name a Principal; identity policies do not
                    if (!candidate.containsKey("Principal")) {
                        into.add(candidate);
                    }
                }
            }
            map.values().forEach(inner -> collectStatements(inner, into));
        } else if (node instanceof List<?> list) {
            list.forEach(inner -> collectStatements(inner, into));
        }
    }
}
