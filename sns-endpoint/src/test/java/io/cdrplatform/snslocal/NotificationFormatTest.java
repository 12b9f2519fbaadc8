package io.cdrplatform.snslocal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/** The notification as subscribers see it: SNS JSON envelope, Lambda SNSEvent, signature. */
class NotificationFormatTest {
    private static final String ARN = SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN;

    private static SnsNotification notification(String subject) {
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        attributes.put("source", new MessageAttribute("String", "avaya"));
        attributes.put("blob", new MessageAttribute("Binary", "AAEC"));
        return new SnsNotification("0f8a3e1c-3a4e-4b0b-9d4c-1b2f3c4d5e6f", ARN, ARN + ":sub-1", subject,
                "{\"callId\":\"c-1\"}", Instant.parse("2024-01-15T10:35:00Z"), attributes, null, null, "1", "c2ln",
                "http://127.0.0.1:4566/SimpleNotificationService-local.pem",
                "http://127.0.0.1:4566/?Action=Unsubscribe&SubscriptionArn=" + ARN + ":sub-1");
    }

    @Test
    void the_envelope_has_the_fields_and_formats_sns_delivers_to_sqs() throws Exception {
        // when
        JsonNode envelope = new ObjectMapper().readTree(SnsEnvelopeWriter.toJson(notification("hello")));

        // then
        assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.get("MessageId").asText()).isEqualTo("0f8a3e1c-3a4e-4b0b-9d4c-1b2f3c4d5e6f");
        assertThat(envelope.get("TopicArn").asText()).isEqualTo(ARN);
        assertThat(envelope.get("Subject").asText()).isEqualTo("hello");
        assertThat(envelope.get("Message").asText()).isEqualTo("{\"callId\":\"c-1\"}");
        assertThat(envelope.get("Timestamp").asText()).isEqualTo("2024-01-15T10:35:00.000Z");
        assertThat(envelope.get("SignatureVersion").asText()).isEqualTo("1");
        assertThat(envelope.get("Signature").asText()).isEqualTo("c2ln");
        assertThat(envelope.get("SigningCertURL").asText()).endsWith(".pem");
        assertThat(envelope.get("UnsubscribeURL").asText()).contains("Action=Unsubscribe");
        assertThat(envelope.get("MessageAttributes").get("source").get("Type").asText()).isEqualTo("String");
        assertThat(envelope.get("MessageAttributes").get("source").get("Value").asText()).isEqualTo("avaya");
        assertThat(envelope.get("MessageAttributes").get("blob").get("Type").asText()).isEqualTo("Binary");
    }

    @Test
    void the_envelope_leaves_out_an_absent_subject_and_empty_attributes() throws Exception {
        SnsNotification bare = new SnsNotification("id", ARN, ARN + ":s", null, "m", Instant.EPOCH, Map.of(), null, null,
                "1", "sig", "cert", "unsub");

        JsonNode envelope = new ObjectMapper().readTree(SnsEnvelopeWriter.toJson(bare));

        assertThat(envelope.has("Subject")).isFalse();
        assertThat(envelope.has("MessageAttributes")).isFalse();
    }

    @Test
    void the_lambda_event_has_one_record_per_notification_as_sns_invokes_a_function() {
        // when
        SNSEvent event = SnsEvents.toSnsEvent(java.util.List.of(notification("s"), notification(null)));

        // then
        assertThat(event.getRecords()).hasSize(2);
        SNSEvent.SNSRecord record = event.getRecords().get(0);
        assertThat(record.getEventSource()).isEqualTo("aws:sns");
        assertThat(record.getEventVersion()).isEqualTo("1.0");
        assertThat(record.getEventSubscriptionArn()).isEqualTo(ARN + ":sub-1");
        SNSEvent.SNS sns = record.getSNS();
        assertThat(sns.getType()).isEqualTo("Notification");
        assertThat(sns.getMessageId()).isEqualTo("0f8a3e1c-3a4e-4b0b-9d4c-1b2f3c4d5e6f");
        assertThat(sns.getTopicArn()).isEqualTo(ARN);
        assertThat(sns.getSubject()).isEqualTo("s");
        assertThat(sns.getMessage()).isEqualTo("{\"callId\":\"c-1\"}");
        assertThat(sns.getTimestamp().getMillis()).isEqualTo(Instant.parse("2024-01-15T10:35:00Z").toEpochMilli());
        assertThat(sns.getSignatureVersion()).isEqualTo("1");
        assertThat(sns.getSigningCertUrl()).endsWith(".pem");
        assertThat(sns.getUnsubscribeUrl()).contains("Action=Unsubscribe");
        assertThat(sns.getMessageAttributes().get("source").getType()).isEqualTo("String");
        assertThat(sns.getMessageAttributes().get("source").getValue()).isEqualTo("avaya");
        assertThat(event.getRecords().get(1).getSNS().getSubject()).isNull();
    }

    @Test
    void the_canonical_string_is_the_one_sns_signs_for_notifications() {
        String canonical = NotificationSigner.canonical("m", "id", "subj", Instant.parse("2024-01-15T10:35:00.5Z"), ARN);

        assertThat(canonical).isEqualTo("Message\nm\nMessageId\nid\nSubject\nsubj\nTimestamp\n2024-01-15T10:35:00.500Z\n"
                + "TopicArn\n" + ARN + "\nType\nNotification\n");
        assertThat(NotificationSigner.canonical("m", "id", null, Instant.EPOCH, ARN)).doesNotContain("Subject");
    }

    @Test
    void signed_notifications_verify_against_the_key_served_at_the_signing_cert_url() throws Exception {
        // given
        RecordingSink sink = new RecordingSink();
        SnsEndpointConfig config = SnsEndpointConfig.defaults().withPort(0).withSignNotifications(true);
        try (SnsEndpoint endpoint = new SnsEndpoint(config, sink).start();
                SnsClient sns = SnsClient.builder().endpointOverride(endpoint.endpointUri()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                        .httpClient(UrlConnectionHttpClient.create()).build()) {

            // when
            sns.publish(b -> b.topicArn(ARN).message("signed message").subject("subject"));
            SnsNotification delivered = sink.notifications().get(0);
            String pem = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(delivered.signingCertUrl())).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            // then
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
                    .decode(pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""))));
            Signature verifier = Signature.getInstance("SHA1withRSA");
            verifier.initVerify(key);
            verifier.update(NotificationSigner.canonical(delivered.message(), delivered.messageId(), delivered.subject(),
                    delivered.timestamp(), delivered.topicArn()).getBytes(StandardCharsets.UTF_8));
            assertThat(verifier.verify(Base64.getDecoder().decode(delivered.signature()))).isTrue();
        }
    }
}
