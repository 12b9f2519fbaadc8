package io.cdrplatform.benchmarks.logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import io.cdrplatform.core.cost.Tariff;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import io.cdrplatform.core.event.EventParseResult;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * The baseline: what a first logger does. Per event, one {@code findOneAndUpdate} (upsert) shaped
 * by the event type, then one awaited Redis command per counter it touches. Not idempotent, not
 * order-independent: only here to be timed.
 */
final class NaiveLogger {
    private final CallEventCodec codec = new CallEventCodec();
    private final Tariff tariff = Tariff.defaults();
    private final MongoCollection<Document> records;
    private final RedisCommands<String, String> redis;
    private final FindOneAndUpdateOptions upsert = new FindOneAndUpdateOptions().upsert(true)
            .returnDocument(ReturnDocument.AFTER);

    NaiveLogger(MongoCollection<Document> records, RedisCommands<String, String> redis) {
        this.records = records;
        this.redis = redis;
    }

    void handle(List<String> messages) {
        for (String message : messages) {
            if (!(codec.parse(message) instanceof EventParseResult.Accepted accepted)) {
                continue;
            }
            CallEvent event = accepted.event();
            String prefix = "campaign:" + event.campaignId() + ":";
            Date at = Date.from(event.timestamp());
            Document update = switch (event.type()) {
                case CALL_INITIATED -> new Document("$set", new Document("status", "dialing").append("startTime", at)
                        .append("campaignId", event.campaignId()).append("contactId", event.contactId())
                        .append("phoneNumber", event.phoneNumber()).append("metadata", new Document(event.metadata())));
                case CALL_ANSWERED -> new Document("$set", new Document("status", "answered").append("answeredAt", at));
                case DTMF_PRESSED -> new Document("$push", new Document("dtmfInputs", event.digit()));
                case ACTION_TRIGGERED -> new Document("$push", new Document("actionsTriggered",
                        new Document("type", event.action().type()).append("parameters", new Document(event.action().parameters()))
                                .append("timestamp", at)));
                case CALL_ENDED -> {
                    long duration = event.durationSeconds() == null ? 60 : event.durationSeconds();
                    yield new Document("$set", new Document("status", "completed").append("outcome", event.outcome().wireName())
                            .append("endTime", at).append("duration", duration)
                            .append("cost", new Decimal128(tariff.costOf(duration))));
                }
            };
            update.append("$setOnInsert", new Document("callId", event.callId()).append("createdAt", new Date()));
            records.findOneAndUpdate(new Document("_id", event.callId()), update, upsert);
            switch (event.type()) {
                case CALL_INITIATED -> {
                    redis.incr(prefix + "total_attempts");
                    redis.incr(prefix + "active_calls");
                }
                case CALL_ANSWERED -> redis.incr(prefix + "answered");
                case ACTION_TRIGGERED -> redis.incr(prefix + "action:" + event.action().type());
                case CALL_ENDED -> {
                    redis.decr(prefix + "active_calls");
                    redis.incr(prefix + event.outcome().wireName());
                }
                default -> {
                }
            }
            redis.set(prefix + "last_activity", Long.toString(event.timestamp().toEpochMilli()));
        }
    }
}
