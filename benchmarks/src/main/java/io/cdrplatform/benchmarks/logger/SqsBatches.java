package io.cdrplatform.benchmarks.logger;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Call events as an SQS batch of SNS notification envelopes, the way SNS -> SQS hands them to Lambda. */
final class SqsBatches {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final CallEventCodec CODEC = new CallEventCodec();

    private SqsBatches() {
    }

    static List<String> json(List<CallEvent> events) {
        List<String> messages = new ArrayList<>(events.size());
        for (CallEvent event : events) {
            messages.add(CODEC.write(event));
        }
        return messages;
    }

    static SQSEvent of(List<String> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(messages.size());
        for (String message : messages) {
            ObjectNode envelope = MAPPER.createObjectNode();
            envelope.put("Type", "Notification");
            envelope.put("MessageId", UUID.randomUUID().toString());
            envelope.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:call-events");
            envelope.put("Message", message);
            envelope.put("Timestamp", "2024-06-03T08:00:00.000Z");
            envelope.put("SignatureVersion", "1");
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(UUID.randomUUID().toString());
            record.setBody(envelope.toString());
            record.setEventSource("aws:sqs");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
