package io.cdrplatform.snslocal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's example, run by the real AWS CLI when it is installed. */
class AwsCliPublishTest {
    private static final String EVENT =
            "{\"callId\":\"cli-1\",\"campaignId\":\"camp-1\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T10:35:00Z\"}";

    private final RecordingSink sink = new RecordingSink();
    private SnsEndpoint endpoint;

    @TempDir
    Path home;

    @BeforeEach
    void startEndpoint() throws Exception {
        Assumptions.assumeTrue(awsCli() != null, "the AWS CLI (aws) is not on PATH: CLI publish example skipped");
        endpoint = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(0), sink).start();
    }

    @AfterEach
    void stopEndpoint() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void the_contracts_cli_publish_example_reaches_the_sink() throws Exception {
        // when
        Result result = aws("sns", "publish", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:call-events",
                "--message", EVENT);

        // then
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode answer = new ObjectMapper().readTree(result.stdout());
        assertThat(sink.notifications()).singleElement().satisfies(n -> {
            assertThat(n.messageId()).isEqualTo(answer.get("MessageId").asText());
            assertThat(n.message()).isEqualTo(EVENT);
        });
    }

    @Test
    void cli_publish_batch_reports_successful_and_failed_entries() throws Exception {
        // when
        Result result = aws("sns", "publish-batch", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:call-events",
                "--publish-batch-request-entries",
                "[{\"Id\":\"good\",\"Message\":\"hello\",\"MessageAttributes\":{\"k\":{\"DataType\":\"String\",\"StringValue\":\"v\"}}},"
                        + "{\"Id\":\"bad\",\"Message\":\"\"}]");

        // then
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode answer = new ObjectMapper().readTree(result.stdout());
        assertThat(answer.get("Successful").get(0).get("Id").asText()).isEqualTo("good");
        assertThat(answer.get("Failed").get(0).get("Id").asText()).isEqualTo("bad");
        assertThat(answer.get("Failed").get(0).get("Code").asText()).isEqualTo("InvalidParameter");
        assertThat(answer.get("Failed").get(0).get("SenderFault").asBoolean()).isTrue();
        assertThat(sink.notifications()).singleElement()
                .satisfies(n -> assertThat(n.messageAttributes()).containsEntry("k", new MessageAttribute("String", "v")));
    }

    @Test
    void cli_sees_not_found_for_an_unknown_topic() throws Exception {
        // when
        Result result = aws("sns", "publish", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:missing",
                "--message", "m");

        // then
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("NotFound").contains("Topic does not exist");
        assertThat(sink.calls()).isZero();
    }

    @Test
    void cli_creates_lists_and_describes_topics() throws Exception {
        // when
        Result created = aws("sns", "create-topic", "--name", "cli-topic");
        Result listed = aws("sns", "list-topics");
        Result described = aws("sns", "get-topic-attributes", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:cli-topic");

        // then
        assertThat(created.stdout()).contains("arn:aws:sns:us-east-1:000000000000:cli-topic");
        assertThat(listed.stdout()).contains("cli-topic").contains("call-events");
        assertThat(new ObjectMapper().readTree(described.stdout()).get("Attributes").get("Owner").asText())
                .isEqualTo("000000000000");
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result aws(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(awsCli().toString());
        command.add("--endpoint-url");
        command.add(endpoint.endpointUri().toString());
        command.add("--output");
        command.add("json");
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.environment().put("AWS_MAX_ATTEMPTS", "1");
        // a user's ~/.aws must not change what the test sees
        builder.environment().put("AWS_CONFIG_FILE", home.resolve("config").toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        builder.environment().remove("AWS_PROFILE");
        builder.environment().remove("AWS_ENDPOINT_URL");
        builder.environment().remove("AWS_ENDPOINT_URL_SNS");
        Path out = home.resolve("stdout");
        Path err = home.resolve("stderr");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path awsCli() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "aws");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
