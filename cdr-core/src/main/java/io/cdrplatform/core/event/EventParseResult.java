package io.cdrplatform.core.event;

/** The parser's answer: a valid event, or a rejection with its reason. */
public sealed interface EventParseResult {

    record Accepted(CallEvent event) implements EventParseResult {
    }

    /**
     * @param callId the callId as sent when there was a usable string (possibly invalid, so log it
     *               through {@link io.cdrplatform.core.text.SafeText}), else null
     * @param detail a human sentence naming the field and the rule it broke
     */
    record Rejected(String callId, RejectionReason reason, String detail) implements EventParseResult {
    }
}
