package io.cdrplatform.reliability.calls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What the API must show for one call, worked out from the contract by {@link CallOracle}. */
public record ExpectedCdr(
        String callId,
        String campaignId,
        String contactId,
        String phoneNumber,
        String source,
        String status,
        String outcome,
        boolean answered,
        Instant startTime,
        Instant answeredAt,
        Instant endTime,
        Long duration,
        BigDecimal cost,
        String dtmfInputs,
        List<Action> actions,
        ObjectNode metadata,
        Instant lastEventAt) {

    public record Action(String type, ObjectNode parameters, Instant timestamp) {
    }

    public boolean completed() {
        return "completed".equals(status);
    }
}
