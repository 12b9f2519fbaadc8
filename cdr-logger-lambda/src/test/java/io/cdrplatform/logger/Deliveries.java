package io.cdrplatform.logger;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.joda.time.DateTime;

/** SNS and SQS events shaped as AWS delivers them, around given event JSON texts. */
public final class Deliveries {
    public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:call-events";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Deliveries() {
    }

    /** SNS -> SQS: each body is the SNS notification envelope, or the bare event with raw delivery. */
    public static SQSEvent sqs(List<String> events, boolean rawDelivery) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String event : events) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(UUID.randomUUID().toString());
            message.setReceiptHandle("AQEB" + UUID.randomUUID());
            message.setBody(rawDelivery ? event : envelope(event));
            message.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "1705314900000"));
            message.setMessageAttributes(Map.of());
            message.setEventSource("aws:sqs");
            message.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:call-events-queue");
            message.setAwsRegion("us-east-1");
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    public static SNSEvent sns(List<String> events) {
        List<SNSEvent.SNSRecord> records = new ArrayList<>();
        for (String event : events) {
            SNSEvent.SNS sns = new SNSEvent.SNS();
            sns.setType("Notification");
            sns.setMessageId(UUID.randomUUID().toString());
            sns.setTopicArn(TOPIC_ARN);
            sns.setMessage(event);
            sns.setTimestamp(DateTime.parse("2024-01-15T10:35:00.000Z"));
            sns.setSignatureVersion("1");
            SNSEvent.SNSRecord record = new SNSEvent.SNSRecord();
            record.setEventSource("aws:sns");
            record.setEventVersion("1.0");
            record.setEventSubscriptionArn(TOPIC_ARN + ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55");
            record.setSns(sns);
            records.add(record);
        }
        SNSEvent event = new SNSEvent();
        event.setRecords(records);
        return event;
    }

    public static String envelope(String message) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", UUID.randomUUID().toString());
        envelope.put("TopicArn", TOPIC_ARN);
        envelope.put("Message", message);
        envelope.put("Timestamp", "2024-01-15T10:35:00.000Z");
        envelope.put("SignatureVersion", "1");
        envelope.put("Signature", "EXAMPLE");
        envelope.put("SigningCertURL", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem");
        envelope.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe");
        return envelope.toString();
    }
}
