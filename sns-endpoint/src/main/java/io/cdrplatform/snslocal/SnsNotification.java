package io.cdrplatform.snslocal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One message as an SNS subscription receives it: the fields of the SNS notification envelope
 * ({@code Type} is always {@code Notification}). {@link SnsEnvelopeWriter#toJson} renders the JSON
 * envelope SNS delivers to SQS and HTTP subscribers; {@code SnsEvents} builds a Lambda
 * {@code SNSEvent}.
 *
 * @param messageId              the id the publisher got back (a random UUID)
 * @param topicArn               the topic published to
 * @param subscriptionArn        the ARN of the sink's subscription to that topic
 * @param subject                the publisher's subject, or null
 * @param message                the message as delivered (for {@code MessageStructure=json}, the
 *                               {@code lambda} entry, else {@code default})
 * @param timestamp              when the endpoint accepted the publish
 * @param messageAttributes      name -> attribute, in the publisher's order
 * @param messageGroupId         the publisher's MessageGroupId, or null
 * @param messageDeduplicationId the publisher's MessageDeduplicationId, or null
 * @param signatureVersion       {@code 1} (SHA1withRSA) as in real SNS
 * @param signature              base64 signature over the canonical notification string
 * @param signingCertUrl         where the signing certificate would be fetched
 * @param unsubscribeUrl         the URL that would end the sink's subscription
 */
public record SnsNotification(
        String messageId,
        String topicArn,
        String subscriptionArn,
        String subject,
        String message,
        Instant timestamp,
        Map<String, MessageAttribute> messageAttributes,
        String messageGroupId,
        String messageDeduplicationId,
        String signatureVersion,
        String signature,
        String signingCertUrl,
        String unsubscribeUrl) {

    public static final String TYPE = "Notification";

    public SnsNotification {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(topicArn, "topicArn");
        Objects.requireNonNull(subscriptionArn, "subscriptionArn");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
        messageAttributes = messageAttributes == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(messageAttributes));
    }

    public String type() {
        return TYPE;
    }
}
