package io.cdrplatform.snslocal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/** The topics of one endpoint, in memory, kept in ARN order so that ListTopics pages are stable. */
final class TopicRegistry {
    private final ConcurrentSkipListMap<String, Topic> topics = new ConcurrentSkipListMap<>();
    private final Supplier<String> ids;

    TopicRegistry(Supplier<String> ids) {
        this.ids = ids;
    }

    /** Idempotent, like SNS: creating an existing topic answers the existing topic. */
    Topic create(TopicArn arn, Map<String, String> attributes) {
        return topics.computeIfAbsent(arn.toString(), key -> new Topic(arn, key + ":" + ids.get(), attributes));
    }

    Optional<Topic> find(TopicArn arn) {
        return Optional.ofNullable(topics.get(arn.toString()));
    }

    /** Up to {@code limit} topics whose ARN sorts after {@code afterArn} (null: from the first). */
    List<Topic> page(String afterArn, int limit) {
        var view = afterArn == null ? topics : topics.tailMap(afterArn, false);
        return view.values().stream().limit(limit).toList();
    }

    boolean hasAfter(String arn) {
        return topics.higherKey(arn) != null;
    }
}
