package io.cdrplatform.snslocal;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * Builds the Lambda {@link SNSEvent} that SNS would invoke a subscribed function with, one record
 * per notification, so that a Lambda handler can be driven by this endpoint exactly as by SNS.
 */
public final class SnsEvents {
    private SnsEvents() {
    }

    public static SNSEvent toSnsEvent(List<SnsNotification> batch) {
        List<SNSEvent.SNSRecord> records = new ArrayList<>(batch.size());
        for (SnsNotification notification : batch) {
            records.add(toRecord(notification));
        }
        SNSEvent event = new SNSEvent();
        event.setRecords(records);
        return event;
    }

    public static SNSEvent.SNSRecord toRecord(SnsNotification notification) {
        Map<String, SNSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
        notification.messageAttributes().forEach((name, attribute) -> attributes.put(name,
                new SNSEvent.MessageAttribute().withType(attribute.dataType()).withValue(attribute.value())));
        SNSEvent.SNS sns = new SNSEvent.SNS()
                .withType(notification.type())
                .withMessageId(notification.messageId())
                .withTopicArn(notification.topicArn())
                .withSubject(notification.subject())
                .withMessage(notification.message())
                .withTimestamp(new DateTime(notification.timestamp().toEpochMilli(), DateTimeZone.UTC))
                .withSignatureVersion(notification.signatureVersion())
                .withSignature(notification.signature())
                .withSigningCertUrl(notification.signingCertUrl())
                .withUnsubscribeUrl(notification.unsubscribeUrl())
                .withMessageAttributes(attributes);
        return new SNSEvent.SNSRecord()
                .withEventSource("aws:sns")
                .withEventVersion("1.0")
                .withEventSubscriptionArn(notification.subscriptionArn())
                .withSns(sns);
    }
}
