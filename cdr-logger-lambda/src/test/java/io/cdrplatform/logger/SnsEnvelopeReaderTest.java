package io.cdrplatform.logger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnsEnvelopeReaderTest {
    private final SnsEnvelopeReader envelope = new SnsEnvelopeReader();

    @Test
    void unwrapsTheMessageOfAnSnsNotification() {
        String event = "{\"callId\":\"c\",\"Message\":\"not this\"}";
        assertThat(envelope.messageOf(Deliveries.envelope(event))).isEqualTo(event);
    }

    @Test
    void leavesABareEventAsItIs() {
        String event = "{\"callId\":\"c\",\"campaignId\":\"k\",\"eventType\":\"call_initiated\",\"timestamp\":\"2024-01-15T10:35:00Z\"}";
        assertThat(envelope.messageOf(event)).isEqualTo(event);
    }

    @Test
    void leavesAnythingElseForTheValidationToReject() {
        assertThat(envelope.messageOf("{\"Type\": \"Message\"")).isEqualTo("{\"Type\": \"Message\"");
        assertThat(envelope.messageOf("{\"Type\":\"SubscriptionConfirmation\",\"Message\":\"x\"}"))
                .isEqualTo("{\"Type\":\"SubscriptionConfirmation\",\"Message\":\"x\"}");
        assertThat(envelope.messageOf(null)).isNull();
    }
}
