package io.cdrplatform.logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
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
 * SNS -> SQS -> Lambda. Configure the event source mapping with
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]}: the answer names exactly the messages
 * whose call could not be stored, so SQS redelivers only those. Invalid events are skipped, never
 * reported as failures.
 */
public final class SqsEventHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final CdrLogger logger;
    private final SnsEnvelopeReader envelope = new SnsEnvelopeReader();

    /** Lambda's constructor: settings from the environment, clients built once per container. */
    public SqsEventHandler() {
        this(LambdaLogging.duringInit(() -> CdrLogger.fromConfig(LoggerConfig.fromEnv(System.getenv()))));
    }

    public SqsEventHandler(MongoDatabase database, RedisClient redis, Clock clock, Tariff tariff,
                           CdrLoggerMetrics metrics) {
        this(CdrLogger.create(database, redis, clock, tariff, metrics));
    }

    public SqsEventHandler(CdrLogger logger) {
        this.logger = logger;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return LambdaLogging.duringInvocation(context, () -> handle(event));
    }

    private SQSBatchResponse handle(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<InboundMessage> messages = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SQSEvent.SQSMessage record = records.get(i);
            String messageId = record.getMessageId() == null ? "record-" + i : record.getMessageId();
            messages.add(new InboundMessage(messageId, envelope.messageOf(record.getBody())));
        }
        IngestReport report = logger.process(messages);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>(report.failedMessageIds().size());
        for (String messageId : report.failedMessageIds()) {
            failures.add(new SQSBatchResponse.BatchItemFailure(messageId));
        }
        return new SQSBatchResponse(failures);
    }
}
