package io.cdrplatform.bridge.delivery;

import io.cdrplatform.bridge.records.SpooledRecord;
import java.util.List;

/** What a {@link Sink#deliver} call could not deliver, and the error that says why (null when all went). */
public record DeliveryOutcome(List<SpooledRecord> undelivered, String error) {

    private static final DeliveryOutcome DELIVERED = new DeliveryOutcome(List.of(), null);

    public DeliveryOutcome {
        undelivered = List.copyOf(undelivered);
    }

    public static DeliveryOutcome delivered() {
        return DELIVERED;
    }

    public static DeliveryOutcome failed(List<SpooledRecord> undelivered, String error) {
        return new DeliveryOutcome(undelivered, error == null ? "unknown error" : error);
    }

    public boolean isComplete() {
        return undelivered.isEmpty();
    }
}
