package io.cdrplatform.snslocal;

import java.util.Map;
import java.util.Objects;

/**
 * A topic and the one subscription every topic here has: the endpoint's sink.
 *
 * @param arn             the topic's ARN
 * @param subscriptionArn the sink's subscription ({@code <topicArn>:<uuid>})
 * @param attributes      the attributes given at creation (DisplayName, Policy, ...), verbatim
 */
public record Topic(TopicArn arn, String subscriptionArn, Map<String, String> attributes) {
    public Topic {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(subscriptionArn, "subscriptionArn");
        attributes = Map.copyOf(attributes);
    }
}
