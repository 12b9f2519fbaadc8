package io.cdrplatform.snslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sns.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sns.model.CreateTopicResponse;
import software.amazon.awssdk.services.sns.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sns.model.InternalErrorException;
import software.amazon.awssdk.services.sns.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sns.model.TooManyEntriesInBatchRequestException;

/** The real AWS SDK v2 SnsClient against the endpoint on a free port. */
class SnsEndpointSdkTest {
    private static final String CALL_EVENTS = SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN;
    private static final Instant NOW = Instant.parse("2024-01-15T10:35:00.123Z");

    private final RecordingSink sink = new RecordingSink();
    private SnsEndpoint endpoint;
    private SnsClient sns;

    @BeforeEach
    void startEndpoint() throws Exception {
        endpoint = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(0), sink, Clock.fixed(NOW, ZoneOffset.UTC))
                .start();
        sns = client(Region.US_EAST_1, 1);
    }

    @AfterEach
    void stopEndpoint() {
        sns.close();
        endpoint.close();
    }

    private SnsClient client(Region region, int maxAttempts) {
        return SnsClient.builder()
                .endpointOverride(endpoint.endpointUri())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(maxAttempts)))
                .build();
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    @Test
    void publish_hands_the_sink_a_genuine_notification_with_the_id_the_publisher_got() {
        // given
        String event = "{\"callId\":\"c-1\",\"campaignId\":\"camp\",\"eventType\":\"call_initiated\"}";

        // when
        PublishResponse response = sns.publish(b -> b.topicArn(CALL_EVENTS).message(event).subject("call event")
                .messageAttributes(Map.of(
                        "source", stringAttribute("asterisk"),
                        "attempt", MessageAttributeValue.builder().dataType("Number").stringValue("2").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, 2})).build())));

        // then
        assertThat(sink.batches()).hasSize(1);
        SnsNotification delivered = sink.batches().get(0).get(0);
        assertThat(delivered.messageId()).isEqualTo(response.messageId());
        assertThat(java.util.UUID.fromString(delivered.messageId())).isNotNull();
        assertThat(delivered.type()).isEqualTo("Notification");
        assertThat(delivered.topicArn()).isEqualTo(CALL_EVENTS);
        assertThat(delivered.subscriptionArn()).startsWith(CALL_EVENTS + ":");
        assertThat(delivered.message()).isEqualTo(event);
        assertThat(delivered.subject()).isEqualTo("call event");
        assertThat(delivered.timestamp()).isEqualTo(NOW);
        assertThat(delivered.signatureVersion()).isEqualTo("1");
        assertThat(delivered.unsubscribeUrl()).startsWith(endpoint.endpointUri() + "/?Action=Unsubscribe&SubscriptionArn=");
        assertThat(delivered.messageAttributes()).containsOnlyKeys("source", "attempt", "blob");
        assertThat(delivered.messageAttributes().get("source")).isEqualTo(new MessageAttribute("String", "asterisk"));
        assertThat(delivered.messageAttributes().get("attempt")).isEqualTo(new MessageAttribute("Number", "2"));
        assertThat(delivered.messageAttributes().get("blob"))
                .isEqualTo(new MessageAttribute("Binary", Base64.getEncoder().encodeToString(new byte[] {0, 1, 2})));
    }

    @Test
    void publish_keeps_unicode_and_markup_in_the_message_intact() {
        // given
        String message = "{\"note\":\"caf\u00e9 \u2013 <b>&amp;</b> \ud83d\udcde \\n line\"}";

        // when
        sns.publish(b -> b.topicArn(CALL_EVENTS).message(message));

        // then
        assertThat(sink.notifications()).extracting(SnsNotification::message).containsExactly(message);
    }

    @Test
    void publish_json_message_structure_delivers_the_lambda_entry_or_the_default() {
        // when
        sns.publish(b -> b.topicArn(CALL_EVENTS).messageStructure("json")
                .message("{\"default\":\"for everyone\",\"lambda\":\"for lambda\"}"));
        sns.publish(b -> b.topicArn(CALL_EVENTS).messageStructure("json").message("{\"default\":\"for everyone\"}"));

        // then
        assertThat(sink.notifications()).extracting(SnsNotification::message)
                .containsExactly("for lambda", "for everyone");
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).messageStructure("json").message("{\"sqs\":\"x\"}")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("No default entry");
    }

    @Test
    void publish_accepts_target_arn_as_the_topic() {
        // when
        PublishResponse response = sns.publish(b -> b.targetArn(CALL_EVENTS).message("m"));

        // then
        assertThat(sink.notifications()).extracting(SnsNotification::messageId).containsExactly(response.messageId());
    }

    @Test
    void publish_to_an_unknown_topic_is_not_found_and_delivers_nothing() {
        // when / then
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:nope").message("m")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFound");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Topic does not exist");
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThat(sink.calls()).isZero();
    }

    @Test
    void publish_with_a_malformed_topic_arn_or_no_message_is_an_invalid_parameter() {
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn("call-events").message("m")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid parameter: TopicArn");
                });
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).message("")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Empty message");
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(CALL_EVENTS)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.publish(b -> b.message("m")))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(sink.calls()).isZero();
    }

    @Test
    void publish_takes_exactly_256_KiB_and_refuses_one_byte_more() {
        // given
        String largest = "x".repeat(262_144);
        String tooLong = largest + "x";

        // when
        sns.publish(b -> b.topicArn(CALL_EVENTS).message(largest));

        // then
        assertThat(sink.notifications()).extracting(SnsNotification::message).containsExactly(largest);
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).message(tooLong)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Message too long");
    }

    @Test
    void publish_counts_message_attributes_against_the_size_limit() {
        // given: the message alone fits, with an attribute it does not
        String almost = "x".repeat(262_140);

        // when / then
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).message(almost)
                .messageAttributes(Map.of("source", stringAttribute("avaya")))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Message too long");
    }

    @Test
    void publish_with_a_bad_message_attribute_is_parameter_value_invalid() {
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).message("m")
                .messageAttributes(Map.of("n", MessageAttributeValue.builder().dataType("Number").stringValue("two").build()))))
                .isInstanceOfSatisfying(InvalidParameterValueException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ParameterValueInvalid"));
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).message("m")
                .messageAttributes(Map.of("n", MessageAttributeValue.builder().dataType("Decimal").stringValue("2").build()))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("invalid message attribute type");
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(CALL_EVENTS).message("m")
                .messageAttributes(Map.of("AWS.reserved", stringAttribute("v")))))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThat(sink.calls()).isZero();
    }

    @Test
    void create_topic_is_idempotent_and_names_the_topic_in_the_clients_region() {
        // when
        CreateTopicResponse first = sns.createTopic(b -> b.name("orders"));
        CreateTopicResponse again = sns.createTopic(b -> b.name("orders"));
        String inEurope;
        try (SnsClient europe = client(Region.EU_WEST_1, 1)) {
            inEurope = europe.createTopic(b -> b.name("orders")).topicArn();
        }

        // then
        assertThat(first.topicArn()).isEqualTo("arn:aws:sns:us-east-1:000000000000:orders");
        assertThat(again.topicArn()).isEqualTo(first.topicArn());
        assertThat(inEurope).isEqualTo("arn:aws:sns:eu-west-1:000000000000:orders");
        assertThat(endpoint.topicArns()).contains(first.topicArn(), inEurope, CALL_EVENTS);
    }

    @Test
    void create_topic_refuses_bad_names_and_fifo_topics() {
        assertThatThrownBy(() -> sns.createTopic(b -> b.name("has space")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Topic Name");
        assertThatThrownBy(() -> sns.createTopic(b -> b.name("x".repeat(257))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.createTopic(b -> b.name("orders.fifo").attributes(Map.of("FifoTopic", "true"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("FIFO");
    }

    @Test
    void a_created_topic_takes_publishes() {
        // given
        String arn = sns.createTopic(b -> b.name("audit")).topicArn();

        // when
        sns.publish(b -> b.topicArn(arn).message("hello"));

        // then
        assertThat(sink.notifications()).singleElement().satisfies(n -> {
            assertThat(n.topicArn()).isEqualTo(arn);
            assertThat(n.subscriptionArn()).startsWith(arn + ":");
        });
    }

    @Test
    void list_topics_pages_through_every_topic() {
        // given
        IntStream.range(0, 150).forEach(i -> sns.createTopic(b -> b.name("topic-" + i)));

        // when
        List<String> listed = new ArrayList<>();
        sns.listTopicsPaginator().topics().forEach(topic -> listed.add(topic.topicArn()));
        var firstPage = sns.listTopics();

        // then
        assertThat(listed).hasSize(151).doesNotHaveDuplicates().contains(CALL_EVENTS);
        assertThat(firstPage.topics()).hasSize(100);
        assertThat(firstPage.nextToken()).isNotBlank();
        assertThatThrownBy(() -> sns.listTopics(b -> b.nextToken("not a token")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void list_topics_shows_the_call_events_topic_from_the_start() {
        assertThat(sns.listTopics().topics()).extracting(Topic::topicArn).containsExactly(CALL_EVENTS);
        assertThat(sns.listTopics().nextToken()).isNull();
    }

    @Test
    void get_topic_attributes_answers_what_sns_answers() {
        // given
        String arn = sns.createTopic(b -> b.name("named").attributes(Map.of("DisplayName", "Named topic"))).topicArn();

        // when
        Map<String, String> attributes = sns.getTopicAttributes(b -> b.topicArn(arn)).attributes();

        // then
        assertThat(attributes).containsEntry("TopicArn", arn)
                .containsEntry("Owner", "000000000000")
                .containsEntry("DisplayName", "Named topic")
                .containsEntry("SubscriptionsConfirmed", "1")
                .containsEntry("SubscriptionsPending", "0")
                .containsKeys("Policy", "EffectiveDeliveryPolicy");
        assertThat(attributes.get("Policy")).contains("\"Resource\":\"" + arn + "\"");
        assertThatThrownBy(() -> sns.getTopicAttributes(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:gone")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void publish_batch_delivers_the_valid_entries_as_one_batch_and_reports_the_rest() {
        // when
        PublishBatchResponse response = sns.publishBatch(b -> b.topicArn(CALL_EVENTS).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("e1").message("one").build(),
                PublishBatchRequestEntry.builder().id("e2").message("").build(),
                PublishBatchRequestEntry.builder().id("e3").message("three").subject("s")
                        .messageAttributes(Map.of("k", stringAttribute("v"))).build(),
                PublishBatchRequestEntry.builder().id("e4").message("four")
                        .messageAttributes(Map.of("k", MessageAttributeValue.builder().dataType("Number").stringValue("x").build()))
                        .build()));

        // then
        assertThat(response.successful()).extracting(s -> s.id()).containsExactly("e1", "e3");
        assertThat(response.failed()).hasSize(2);
        assertThat(response.failed().get(0).id()).isEqualTo("e2");
        assertThat(response.failed().get(0).code()).isEqualTo("InvalidParameter");
        assertThat(response.failed().get(0).message()).isEqualTo("Invalid parameter: Empty message");
        assertThat(response.failed().get(0).senderFault()).isTrue();
        assertThat(response.failed().get(1).id()).isEqualTo("e4");
        assertThat(response.failed().get(1).code()).isEqualTo("ParameterValueInvalid");
        assertThat(sink.batches()).hasSize(1);
        assertThat(sink.batches().get(0)).extracting(SnsNotification::messageId)
                .containsExactly(response.successful().get(0).messageId(), response.successful().get(1).messageId());
        assertThat(sink.batches().get(0)).extracting(SnsNotification::message).containsExactly("one", "three");
        assertThat(sink.batches().get(0).get(1).messageAttributes()).containsEntry("k", new MessageAttribute("String", "v"));
    }

    @Test
    void publish_batch_of_ten_is_accepted_and_distinct_message_ids_come_back() {
        // when
        PublishBatchResponse response = sns.publishBatch(b -> b.topicArn(CALL_EVENTS).publishBatchRequestEntries(
                IntStream.range(0, 10).mapToObj(i -> PublishBatchRequestEntry.builder().id("id-" + i).message("m" + i).build())
                        .toList()));

        // then
        assertThat(response.failed()).isEmpty();
        assertThat(response.successful()).hasSize(10);
        assertThat(response.successful()).extracting(s -> s.messageId()).doesNotHaveDuplicates();
        assertThat(sink.batches()).singleElement().satisfies(batch -> assertThat(batch).hasSize(10));
    }

    @Test
    void publish_batch_refuses_malformed_batches_as_a_whole() {
        PublishBatchRequestEntry one = PublishBatchRequestEntry.builder().id("a").message("m").build();

        assertThatThrownBy(() -> sns.publishBatch(b -> b.topicArn(CALL_EVENTS).publishBatchRequestEntries(List.of())))
                .isInstanceOfSatisfying(EmptyBatchRequestException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> sns.publishBatch(b -> b.topicArn(CALL_EVENTS).publishBatchRequestEntries(
                IntStream.range(0, 11).mapToObj(i -> PublishBatchRequestEntry.builder().id("i" + i).message("m").build())
                        .toList())))
                .isInstanceOf(TooManyEntriesInBatchRequestException.class);
        assertThatThrownBy(() -> sns.publishBatch(b -> b.topicArn(CALL_EVENTS).publishBatchRequestEntries(one, one)))
                .isInstanceOf(BatchEntryIdsNotDistinctException.class);
        assertThatThrownBy(() -> sns.publishBatch(b -> b.topicArn(CALL_EVENTS).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("not ok!").message("m").build())))
                .isInstanceOf(InvalidBatchEntryIdException.class);
        assertThatThrownBy(() -> sns.publishBatch(b -> b.topicArn(CALL_EVENTS).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("a").message("x".repeat(200_000)).build(),
                PublishBatchRequestEntry.builder().id("b").message("x".repeat(100_000)).build())))
                .isInstanceOf(BatchRequestTooLongException.class);
        assertThatThrownBy(() -> sns.publishBatch(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:nope")
                .publishBatchRequestEntries(one)))
                .isInstanceOf(NotFoundException.class);
        assertThat(sink.calls()).isZero();
    }

    @Test
    void a_sink_failure_is_an_internal_error_the_sdk_retries() {
        // given: the sink refuses every attempt of the SDK's standard retry policy (3 attempts)
        sink.failNext(Integer.MAX_VALUE);

        try (SnsClient retrying = client(Region.US_EAST_1, 3)) {
            // when / then
            assertThatThrownBy(() -> retrying.publish(b -> b.topicArn(CALL_EVENTS).message("m")))
                    .isInstanceOfSatisfying(InternalErrorException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                    });
        }
        assertThat(sink.calls()).isEqualTo(3);
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void a_publish_the_sink_refused_once_succeeds_on_the_sdks_retry() {
        // given
        sink.failNext(1);

        try (SnsClient retrying = client(Region.US_EAST_1, 3)) {
            // when
            PublishResponse response = retrying.publish(b -> b.topicArn(CALL_EVENTS).message("m"));

            // then
            assertThat(sink.calls()).isEqualTo(2);
            assertThat(sink.notifications()).extracting(SnsNotification::messageId).containsExactly(response.messageId());
        }
    }

    @Test
    void a_sink_failure_fails_every_valid_entry_of_a_batch_as_the_receivers_fault() {
        // given
        sink.failNext(1);

        // when
        PublishBatchResponse response = sns.publishBatch(b -> b.topicArn(CALL_EVENTS).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("a").message("m").build(),
                PublishBatchRequestEntry.builder().id("b").message("").build(),
                PublishBatchRequestEntry.builder().id("c").message("m").build()));

        // then
        assertThat(response.successful()).isEmpty();
        assertThat(response.failed()).extracting(f -> f.id() + ":" + f.code() + ":" + f.senderFault())
                .containsExactlyInAnyOrder("b:InvalidParameter:true", "a:InternalError:false", "c:InternalError:false");
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void sdk_errors_carry_the_request_id_the_endpoint_gave() {
        try {
            sns.getTopicAttributes(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:gone"));
        } catch (SnsException e) {
            assertThat(e.requestId()).matches("[0-9a-f-]{36}");
            assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amzn-RequestId")).contains(e.requestId());
            return;
        }
        throw new AssertionError("expected NotFound");
    }

    @Test
    void the_endpoint_answers_on_the_uri_it_reports() {
        assertThat(endpoint.endpointUri()).isEqualTo(URI.create("http://127.0.0.1:" + endpoint.port()));
        assertThat(endpoint.port()).isPositive();
        assertThat(new String(Base64.getDecoder().decode(SnsService.NotificationFactory.UNSIGNED), StandardCharsets.US_ASCII))
                .contains("unsigned");
    }
}
