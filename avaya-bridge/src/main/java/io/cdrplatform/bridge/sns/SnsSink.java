package io.cdrplatform.bridge.sns;

import io.cdrplatform.bridge.delivery.DeliveryOutcome;
import io.cdrplatform.bridge.delivery.Sink;
import io.cdrplatform.bridge.records.SpooledRecord;
import io.cdrplatform.bridge.rejected.SetAside;
import io.cdrplatform.core.avaya.AvayaCallEvents;
import io.cdrplatform.core.avaya.ConditionCodes;
import io.cdrplatform.core.event.CallEvent;
import io.cdrplatform.core.event.CallEventCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Publishes spooled records that are attempts (their condition-code rule says so; interim and
 * skipped records are not published) to the SNS topic as {@code call_ended} events, with {@code PublishBatch}
 * calls of up to 10 messages, several in flight at once. An entry SNS fails on its side (or a call
 * that fails as a whole) comes back undelivered for the runner to retry; an entry SNS refuses as the
 * sender's fault (it would be refused forever) goes to the rejected-lines file, so one bad message
 * cannot hold back all later calls. Republishing is harmless: the callId is deterministic and the
 * cdr-logger idempotent.
 */
public final class SnsSink implements Sink {

    public static final String NAME = "sns";
    static final int SNS_BATCH_LIMIT = 10;

    private final SnsClient sns;
    private final String topicArn;
    private final boolean fifo;
    private final ConditionCodes codes;
    private final CallEventCodec codec = new CallEventCodec();
    private final SetAside setAside;
    private final int concurrency;
    private final ExecutorService publishers;

    public SnsSink(SnsClient sns, String topicArn, ConditionCodes codes, SetAside setAside, int concurrency) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.fifo = topicArn.endsWith(".fifo");
        this.codes = codes;
        this.setAside = setAside;
        this.concurrency = concurrency;
        this.publishers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "sns-publish");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxBatch() {
        return SNS_BATCH_LIMIT * concurrency * 4;
    }

    @Override
    public DeliveryOutcome deliver(List<SpooledRecord> records) {
        List<Message> messages = new ArrayList<>(records.size());
        for (SpooledRecord record : records) {
            if (record.rule().isAttempt()) {
                CallEvent event = AvayaCallEvents.toCallEnded(record.record(), record.campaignId(), codes);
                messages.add(new Message(record, event, codec.write(event)));
            }
        }
        List<List<Message>> chunks = new ArrayList<>();
        List<Future<DeliveryOutcome>> calls = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += SNS_BATCH_LIMIT) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + SNS_BATCH_LIMIT));
            chunks.add(chunk);
            calls.add(publishers.submit(() -> publish(chunk)));
        }
        List<SpooledRecord> undelivered = new ArrayList<>();
        String error = null;
        for (int i = 0; i < calls.size(); i++) {
            DeliveryOutcome outcome = await(calls.get(i), chunks.get(i));
            undelivered.addAll(outcome.undelivered());
            if (outcome.error() != null) {
                error = outcome.error();
            }
        }
        return undelivered.isEmpty() ? DeliveryOutcome.delivered() : DeliveryOutcome.failed(undelivered, error);
    }

    @Override
    public void close() {
        publishers.shutdown();
        try {
            publishers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Message(SpooledRecord record, CallEvent event, String json) {
    }

    private DeliveryOutcome publish(List<Message> chunk) {
        Map<String, Message> byId = new HashMap<>();
        List<PublishBatchRequestEntry> requestEntries = new ArrayList<>(chunk.size());
        for (Message message : chunk) {
            String id = "line-" + message.record().entry().seq();
            byId.put(id, message);
            PublishBatchRequestEntry.Builder entry = PublishBatchRequestEntry.builder().id(id).message(message.json());
            if (fifo) {
                entry.messageGroupId(message.event().campaignId()).messageDeduplicationId(message.event().callId());
            }
            requestEntries.add(entry.build());
        }
        PublishBatchResponse response;
        try {
            response = sns.publishBatch(PublishBatchRequest.builder()
                    .topicArn(topicArn)
                    .publishBatchRequestEntries(requestEntries)
                    .build());
        } catch (RuntimeException e) {
            return DeliveryOutcome.failed(chunk.stream().map(Message::record).toList(), describe(e));
        }
        if (!response.hasFailed() || response.failed().isEmpty()) {
            return DeliveryOutcome.delivered();
        }
        List<SpooledRecord> retry = new ArrayList<>();
        String error = null;
        for (BatchResultErrorEntry failed : response.failed()) {
            Message message = byId.get(failed.id());
            if (message == null) {
                continue;
            }
            String detail = failed.code() + ": " + failed.message();
            if (Boolean.TRUE.equals(failed.senderFault())) {
                setAside.entry(NAME, message.record().entry(), "SNS refused the message: " + detail,
                        message.event().callId(), message.event().campaignId());
            } else {
                retry.add(message.record());
                error = "SNS failed to publish: " + detail;
            }
        }
        return retry.isEmpty() ? DeliveryOutcome.delivered() : DeliveryOutcome.failed(retry, error);
    }

    /** The call's outcome; if it cannot be known, the whole chunk counts as undelivered. */
    private static DeliveryOutcome await(Future<DeliveryOutcome> call, List<Message> chunk) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.failed(chunk.stream().map(Message::record).toList(), "interrupted");
        } catch (ExecutionException e) {
            return DeliveryOutcome.failed(chunk.stream().map(Message::record).toList(), String.valueOf(e.getCause()));
        }
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
