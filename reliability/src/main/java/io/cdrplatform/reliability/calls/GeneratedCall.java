package io.cdrplatform.reliability.calls;

import java.util.List;

/**
 * One generated call: its events never contradict each other, so its expected CDR follows from the
 * contract alone (see {@link CallOracle}).
 *
 * @param scenario a short name of the life the call had (for messages)
 */
public record GeneratedCall(String callId, String campaignId, String scenario, List<GeneratedEvent> events) {

    public GeneratedCall {
        events = List.copyOf(events);
    }
}
