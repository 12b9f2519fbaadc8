package io.cdrplatform.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.localstack.Localstack;
import cloud.localstack.docker.LocalstackDockerExtension;
import cloud.localstack.docker.annotation.LocalstackDockerProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Opt-in ({@code mvn -Plocalstack -pl deployment-tests -am verify}; needs a Docker engine):
 * the events-in part of template.yaml - the {@code call-events} topic, the cdr-logger's queue with
 * its dead-letter queue, the queue policy and the subscription, exactly as the template declares
 * them - deployed through LocalStack's CloudFormation, then a call event published to the topic
 * with the AWS SDK must arrive in the queue as the SNS envelope the cdr-logger reads.
 */
@ExtendWith(LocalstackDockerExtension.class)
@LocalstackDockerProperties(services = {"cloudformation", "sns", "sqs"}, imageTag = "3.8", randomizePorts = true)
class CallEventsTopicLocalStackIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theTemplatesTopicDeliversAPublishedCallEventToTheLoggersQueue() throws Exception {
        // given: the stack of template.yaml's event resources, as CloudFormation JSON
        String stackTemplate = JSON.writeValueAsString(EventsStack.of(Repository.template()));
        String event = "{\"callId\":\"ls-1\",\"campaignId\":\"localstack\",\"eventType\":\"call_initiated\","
                + "\"timestamp\":\"2024-01-15T10:00:00Z\"}";

        try (CloudFormationClient cloudFormation = configure(CloudFormationClient.builder(), Localstack.INSTANCE.getEndpointCloudFormation()).build();
             SnsClient sns = configure(SnsClient.builder(), Localstack.INSTANCE.getEndpointSNS()).build();
             SqsClient sqs = configure(SqsClient.builder(), Localstack.INSTANCE.getEndpointSQS()).build()) {
            cloudFormation.createStack(request -> request.stackName("cdr-events").templateBody(stackTemplate));
            Stack stack = cloudFormation.waiter().waitUntilStackCreateComplete(request -> request.stackName("cdr-events"))
                    .matched().response().orElseThrow().stacks().get(0);
            Map<String, String> outputs = new LinkedHashMap<>();
            for (Output output : stack.outputs()) {
                outputs.put(output.outputKey(), output.outputValue());
            }

            // when
            sns.publish(request -> request.topicArn(outputs.get("TopicArn")).message(event));

            // then: one message in the queue, the SNS envelope (raw delivery off by default) around the event
            List<Message> received = sqs.receiveMessage(request -> request.queueUrl(outputs.get("QueueUrl"))
                    .waitTimeSeconds(10).maxNumberOfMessages(10)).messages();
            assertThat(received).hasSize(1);
            JsonNode envelope = JSON.readTree(received.get(0).body());
            assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
            assertThat(envelope.path("TopicArn").asText()).isEqualTo(outputs.get("TopicArn")).endsWith(":call-events");
            assertThat(JSON.readTree(envelope.path("Message").asText())).isEqualTo(JSON.readTree(event));
        }
    }

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(B builder, String endpoint) {
        // one HTTP client named explicitly: the SQS and CloudFormation artifacts bring others along
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder.endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(configuration -> configuration.apiCallTimeout(Duration.ofSeconds(60)));
    }
}
