package io.cdrplatform.core.ingest;

import io.cdrplatform.core.event.RejectionReason;

/**
 * A message whose event broke a rule of the contract: never stored, never retried.
 *
 * @param callId the callId as sent (raw: escape it before logging), or null when there was none
 */
public record SkippedEvent(String messageId, String callId, RejectionReason reason, String detail) {
}
