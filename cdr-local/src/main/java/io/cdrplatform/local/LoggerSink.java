package io.cdrplatform.local;

import io.cdrplatform.logger.SnsEventHandler;
import io.cdrplatform.snslocal.NotificationSink;
import io.cdrplatform.snslocal.SnsEvents;
import io.cdrplatform.snslocal.SnsNotification;
import java.util.List;

/**
 * What the local SNS topic's subscriber does: hands each batch to the cdr-logger as the genuine
 * {@code SNSEvent} Lambda would receive, then forces the embedded store to disk before returning,
 * so a publish is acknowledged only once it would survive a kill -9.
 */
final class LoggerSink implements NotificationSink {

    private final SnsEventHandler handler;
    private final Runnable commit;

    LoggerSink(SnsEventHandler handler, Runnable commit) {
        this.handler = handler;
        this.commit = commit;
    }

    @Override
    public void accept(List<SnsNotification> batch) {
        handler.handleRequest(SnsEvents.toSnsEvent(batch), null);
        commit.run();
    }
}
