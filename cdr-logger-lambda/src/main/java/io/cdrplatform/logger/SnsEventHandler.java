package io.cdrplatform.logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.ingest.InboundMessage;
import io.cdrplatform.core.ingest.IngestReport;
import io.cdrplatform.logger.metrics.CdrLoggerMetrics;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * SNS -> Lambda. When an event's call cannot be stored the invocation fails
 * ({@link CallRecordsNotStoredException}), so Lambda retries it (and then its on-failure
 * destination or DLQ takes it); the retry is harmless for events already stored.
 */
public final class SnsEventHandler implements RequestHandler<SNSEvent, Void> {

    private final CdrLogger logger;

    /** Lambda's constructor: settings from the environment, clients built once per container. */
    public SnsEventHandler() {
        this(LambdaLogging.duringInit(() -> CdrLogger.fromConfig(LoggerConfig.fromEnv(System.getenv()))));
    }

    public SnsEventHandler(MongoDatabase database, RedisClient redis, Clock clock, Tariff tariff,
                           CdrLoggerMetrics metrics) {
        this(CdrLogger.create(database, redis, clock, tariff, metrics));
    }

    public SnsEventHandler(CdrLogger logger) {
        this.logger = logger;
    }

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        return LambdaLogging.duringInvocation(context, () -> handle(event));
    }

    private Void handle(SNSEvent event) {
        List<SNSEvent.SNSRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<InboundMessage> messages = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SNSEvent.SNS sns = records.get(i).getSNS();
            String messageId = sns == null || sns.getMessageId() == null ? "record-" + i : sns.getMessageId();
            messages.add(new InboundMessage(messageId, sns == null ? null : sns.getMessage()));
        }
        IngestReport report = logger.process(messages);
        if (!report.allStored()) {
            throw new CallRecordsNotStoredException(report.failedMessageIds().size() + " of " + messages.size()
                    + " events could not be stored; failing the invocation so that Lambda retries it",
                    report.storeFailure());
        }
        return null;
    }
}
