package io.cdrplatform.deployment;

import static io.cdrplatform.deployment.CloudFormationTemplate.map;
import static io.cdrplatform.deployment.CloudFormationTemplate.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Dockerfile against template.yaml (SAM Metadata, handlers) and the Maven reactor it builds. */
class DockerfileTest {

    static final String RUNTIME_INTERFACE_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final Pattern COPY_JAR = Pattern.compile("--from=build\\s+/out/(\\S+\\.jar)\\s+(\\S+)");

    static Dockerfile dockerfile;
    static CloudFormationTemplate template;

    @BeforeAll
    static void read() {
        dockerfile = Repository.dockerfile();
        template = Repository.template();
    }

    @Test
    void parsesStagesInheritanceAndDockersEntrypointResetsCmdRule() {
        // given
        Dockerfile parsed = Dockerfile.parse("""
                # comment
                FROM alpine:3 AS base
                ENV A=1 B="two words"
                ENTRYPOINT ["java", "-cp", "app.jar"]
                CMD ["Main"]

                FROM base AS child
                # a comment between continued lines
                RUN echo one \\
                    two
                USER 10001

                FROM base AS other
                ENTRYPOINT ["sh"]
                """);

        // then
        assertThat(parsed.stages()).containsOnlyKeys("base", "child", "other");
        assertThat(parsed.entryCommand("child")).containsExactly("java", "-cp", "app.jar", "Main");
        assertThat(parsed.env("child")).containsEntry("A", "1").containsEntry("B", "two words");
        assertThat(parsed.user("child")).contains("10001");
        assertThat(parsed.user("base")).isEmpty();
        assertThat(parsed.stage("child").all("RUN")).singleElement().extracting(Dockerfile.Instruction::arguments)
                .isEqualTo("echo one two");
        assertThat(parsed.cmd("other")).as("ENTRYPOINT in a stage drops the inherited CMD").isEmpty();
        assertThatThrownBy(() -> parsed.stage("missing")).isInstanceOf(AssertionError.class);
    }

    @Test
    void eachFunctionIsBuiltByItsDockerfileTargetFromTheRepositoryRoot() {
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> metadata = map(template.resource(function).get("Metadata"), function + " Metadata");
            Path context = Repository.root().resolve(String.valueOf(metadata.get("DockerContext"))).normalize();
            Path file = context.resolve(String.valueOf(metadata.get("Dockerfile"))).normalize();

            assertThat(file).as(function).isEqualTo(Repository.file("Dockerfile"));
            assertThat(dockerfile.stages()).as(function).containsKey(String.valueOf(metadata.get("DockerBuildTarget")));
            assertThat(metadata).as(function).containsKey("DockerTag");
        }
        assertThat(map(template.resource("CdrLoggerFunction").get("Metadata"), "Metadata")).containsEntry("DockerBuildTarget", "logger");
        assertThat(map(template.resource("QueryFunction").get("Metadata"), "Metadata")).containsEntry("DockerBuildTarget", "query");
        assertThat(dockerfile.stages()).containsKey("bridge");
    }

    @Test
    void lambdaTargetsStartTheRuntimeInterfaceClientWithTheHandlerTheTemplateDeploysByDefault() throws Exception {
        Map<String, String> defaults = TemplateTest.deployedWithDefaults(template);
        Map<String, List<Object>> commandsByTarget = new java.util.TreeMap<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            String target = String.valueOf(map(template.resource(function).get("Metadata"), "Metadata").get("DockerBuildTarget"));
            List<String> entrypoint = dockerfile.entrypoint(target);
            List<String> cmd = dockerfile.cmd(target);
            Object command = map(properties(template.resource(function)).get("ImageConfig"), "ImageConfig").get("Command");

            assertThat(entrypoint).as(target).first().isEqualTo("java");
            assertThat(entrypoint).as(target).endsWith("-cp", "/function/app.jar", RUNTIME_INTERFACE_CLIENT);
            assertThat(cmd).as(target).singleElement().satisfies(handler -> LambdaHandlerName.parse(handler).verify());
            Object deployed = template.evaluate(command, defaults);
            assertThat(deployed).as(function).asList().singleElement()
                    .satisfies(handler -> LambdaHandlerName.parse(String.valueOf(handler)).verify());
            commandsByTarget.computeIfAbsent(target, key -> new java.util.ArrayList<>()).add(deployed);
        }
        // the image's CMD is the handler one of its functions deploys by default (the counter-heal
        // function shares the logger's image and names its own handler)
        commandsByTarget.forEach((target, commands) -> assertThat(commands).as(target).contains(dockerfile.cmd(target)));
        // the client is a dependency of the handler modules (shaded into their jars)
        assertThat(Class.forName(RUNTIME_INTERFACE_CLIENT, false, getClass().getClassLoader())).isNotNull();
    }

    @Test
    void eachLambdaTargetTrainsTheClassDataSharingArchiveItsEntryPointMapsOnItsOwnHandler() {
        for (String target : List.of("logger", "query")) {
            List<String> entrypoint = dockerfile.entrypoint(target);
            String archive = entrypoint.stream().filter(flag -> flag.startsWith("-XX:SharedArchiveFile="))
                    .map(flag -> flag.substring("-XX:SharedArchiveFile=".length())).findFirst().orElseThrow();
            List<Dockerfile.Instruction> runs = dockerfile.stage(target).all("RUN");

            assertThat(runs).as(target).singleElement().extracting(Dockerfile.Instruction::arguments).asString()
                    .contains("-XX:ArchiveClassesAtExit=" + archive)
                    .contains("-cp /function/app.jar " + RUNTIME_INTERFACE_CLIENT + " " + dockerfile.cmd(target).get(0))
                    .contains("test -s " + archive);
        }
    }

    @Test
    void eachImageGetsTheShadedJarOfItsOwnModule() {
        assertThat(copiedJar("logger")).isEqualTo("cdr-logger-lambda.jar");
        assertThat(copiedJar("query")).isEqualTo("query-lambda.jar");
        assertThat(copiedJar("bridge")).isEqualTo("avaya-bridge.jar");
        assertThat(dockerfile.entrypoint("bridge")).endsWith("-jar", "/app/avaya-bridge.jar");
        String build = String.join("\n", dockerfile.stage("build").all("RUN").stream().map(Dockerfile.Instruction::arguments).toList());
        for (String jar : List.of("cdr-logger-lambda.jar", "query-lambda.jar", "avaya-bridge.jar")) {
            String module = jar.substring(0, jar.length() - ".jar".length());
            assertThat(build).as(jar).contains(module + "/target/" + jar).containsPattern("-pl \\S*" + module);
        }
    }

    @Test
    void theBuildStageCopiesThePomOfEveryReactorModuleBeforeTheSources() {
        List<Dockerfile.Instruction> copies = dockerfile.stage("build").all("COPY");
        List<String> arguments = copies.stream().map(Dockerfile.Instruction::arguments).toList();
        int sources = arguments.indexOf(". .");

        assertThat(sources).as("COPY . . (the sources) after the poms").isPositive();
        assertThat(arguments.subList(0, sources)).contains("pom.xml ./");
        for (String module : Repository.reactorModules()) {
            assertThat(arguments.subList(0, sources)).as("Maven loads the whole reactor: %s/pom.xml", module)
                    .contains(module + "/pom.xml " + module + "/");
        }
    }

    @Test
    void everyImageRunsAsANonRootUser() {
        for (String target : List.of("logger", "query", "bridge")) {
            assertThat(dockerfile.user(target)).as(target).isPresent().get().isNotIn("root", "0", "0:0");
        }
    }

    @Test
    void theDockerfileBuildsWithoutBuildKitSoThatSamBuildCanDriveIt() throws IOException {
        // sam build (without --use-buildkit) uses the classic builder through the Docker API
        String text = Files.readString(Repository.file("Dockerfile"));
        assertThat(text).doesNotContain("--mount=").doesNotContain("<<").doesNotContainPattern("(?m)^#\\s*syntax=");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputButKeepsEverySource() throws IOException {
        List<String> ignored = Files.readAllLines(Repository.file(".dockerignore")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(ignored).contains("**/target/");
        Set<String> needed = Set.of("src", "pom.xml", "Dockerfile");
        assertThat(ignored).noneMatch(pattern -> needed.stream().anyMatch(pattern::contains));
    }

    private static String copiedJar(String target) {
        for (Dockerfile.Instruction copy : dockerfile.stage(target).all("COPY")) {
            Matcher jar = COPY_JAR.matcher(copy.arguments());
            if (jar.find()) {
                return jar.group(1);
            }
        }
        throw new AssertionError("stage " + target + " copies no jar from the build stage");
    }
}
