package io.cdrplatform.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events-in part of template.yaml as a stack of its own (plain CloudFormation, no SAM): the
 * {@code call-events} topic, the cdr-logger's queue, its dead-letter queue, the queue policy and the
 * subscription, exactly as the template declares them, with the parameters and condition they use
 * and outputs for the topic ARN and queue URL. Deployed by the opt-in LocalStack test.
 */
final class EventsStack {

    static final List<String> RESOURCES = List.of("CallEventsTopic", "CallEventsDeadLetterQueue", "CallEventsQueue",
            "CallEventsQueuePolicy", "CallEventsQueueSubscription");
    static final List<String> PARAMETERS = List.of("LoggerTrigger", "RawMessageDelivery");
    static final List<String> CONDITIONS = List.of("UseSqs");

    private EventsStack() {
    }

    static Map<String, Object> of(CloudFormationTemplate template) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (String name : PARAMETERS) {
            parameters.put(name, template.section("Parameters").get(name));
        }
        Map<String, Object> conditions = new LinkedHashMap<>();
        for (String name : CONDITIONS) {
            conditions.put(name, template.section("Conditions").get(name));
        }
        Map<String, Object> resources = new LinkedHashMap<>();
        for (String id : RESOURCES) {
            resources.put(id, template.resource(id));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("TopicArn", Map.of("Value", Map.of("Ref", "CallEventsTopic")));
        outputs.put("QueueUrl", Map.of("Condition", "UseSqs", "Value", Map.of("Ref", "CallEventsQueue")));
        Map<String, Object> stack = new LinkedHashMap<>();
        stack.put("AWSTemplateFormatVersion", "2010-09-09");
        stack.put("Description", "call-events topic and the cdr-logger's queue (from template.yaml)");
        stack.put("Parameters", parameters);
        stack.put("Conditions", conditions);
        stack.put("Resources", resources);
        stack.put("Outputs", outputs);
        return stack;
    }
}
