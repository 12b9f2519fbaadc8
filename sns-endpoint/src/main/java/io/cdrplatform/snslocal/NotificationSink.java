package io.cdrplatform.snslocal;

import java.util.List;

/**
 * Where the endpoint delivers what it accepts: the single subscriber of every topic.
 *
 * <p>The endpoint acknowledges a publish only after {@link #accept} has returned normally for the
 * batch holding its message, so an implementation must return only once the batch is safe (for
 * example stored durably or fully processed). Throwing fails every message of the batch: the
 * publishers get a 5xx ({@code InternalError}) or, for PublishBatch, failed entries, and retry.
 * Delivery is at least once, in no particular order, as with real SNS.
 *
 * <p>Calls come from the endpoint's dispatcher threads ({@code sinkThreads} of them, one by
 * default), never concurrently from one thread.
 */
@FunctionalInterface
public interface NotificationSink {
    /**
     * @param batch one or more notifications, possibly of several topics and several publishes
     *              (a PublishBatch is never split across calls)
     * @throws Exception if the batch is not accepted; none of it counts as delivered
     */
    void accept(List<SnsNotification> batch) throws Exception;
}
