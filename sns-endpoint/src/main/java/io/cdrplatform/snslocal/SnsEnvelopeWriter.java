package io.cdrplatform.snslocal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The JSON notification envelope SNS delivers to SQS and HTTP subscribers, field for field. */
public final class SnsEnvelopeWriter {
    /** SNS timestamps always carry milliseconds: {@code 2024-01-15T10:35:00.123Z}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnsEnvelopeWriter() {
    }

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    public static String toJson(SnsNotification notification) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("Type", notification.type());
        envelope.put("MessageId", notification.messageId());
        envelope.put("TopicArn", notification.topicArn());
        if (notification.subject() != null) {
            envelope.put("Subject", notification.subject());
        }
        envelope.put("Message", notification.message());
        envelope.put("Timestamp", timestamp(notification.timestamp()));
        envelope.put("SignatureVersion", notification.signatureVersion());
        envelope.put("Signature", notification.signature());
        envelope.put("SigningCertURL", notification.signingCertUrl());
        envelope.put("UnsubscribeURL", notification.unsubscribeUrl());
        if (!notification.messageAttributes().isEmpty()) {
            ObjectNode attributes = envelope.putObject("MessageAttributes");
            for (Map.Entry<String, MessageAttribute> entry : notification.messageAttributes().entrySet()) {
                ObjectNode attribute = attributes.putObject(entry.getKey());
                attribute.put("Type", entry.getValue().dataType());
                attribute.put("Value", entry.getValue().value());
            }
        }
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render an SNS envelope", e);
        }
    }
}
