package io.cdrplatform.core.ingest;

import java.util.Objects;

/**
 * One delivered message: the transport's id for it (the SQS message id, the SNS message id) and
 * the call event text it carries (the SNS {@code Message}), not yet validated.
 */
public record InboundMessage(String messageId, String body) {
    public InboundMessage {
        Objects.requireNonNull(messageId, "messageId");
    }
}
