package io.cdrplatform.reliability.calls;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * What a producer actually sends: every event once, a share of them a second time (SNS and SQS
 * deliver at least once), all fully shuffled (they deliver in any order).
 */
public record Deliveries(List<GeneratedEvent> events, int redelivered) {

    public static Deliveries of(Collection<GeneratedEvent> events, double redeliveredShare, Random random) {
        List<GeneratedEvent> originals = new ArrayList<>(events);
        List<GeneratedEvent> all = new ArrayList<>(originals);
        int copies = (int) Math.round(originals.size() * redeliveredShare);
        List<GeneratedEvent> chosen = new ArrayList<>(originals);
        Collections.shuffle(chosen, random);
        all.addAll(chosen.subList(0, copies));
        Collections.shuffle(all, random);
        return new Deliveries(List.copyOf(all), copies);
    }

    public List<String> messages() {
        return events.stream().map(GeneratedEvent::json).toList();
    }

    public int size() {
        return events.size();
    }
}
