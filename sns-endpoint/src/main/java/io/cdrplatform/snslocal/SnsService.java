package io.cdrplatform.snslocal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The SNS actions this endpoint speaks, without HTTP: {@code CreateTopic}, {@code ListTopics},
 * {@code GetTopicAttributes}, {@code Publish}, {@code PublishBatch}. Errors are thrown as
 * {@link SnsException}; a publish returns only once the sink has accepted it.
 */
final class SnsService {
    static final int MAX_BATCH_ENTRIES = 10;
    static final int LIST_TOPICS_PAGE = 100;

    private static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private final TopicRegistry topics;
    private final SinkDispatcher dispatcher;
    private final NotificationFactory notifications;
    private final Duration sinkTimeout;

    SnsService(TopicRegistry topics, SinkDispatcher dispatcher, NotificationFactory notifications, Duration sinkTimeout) {
        this.topics = topics;
        this.dispatcher = dispatcher;
        this.notifications = notifications;
        this.sinkTimeout = sinkTimeout;
    }

    /**
     * Runs one action. A request that breaks a rule throws {@link SnsException} at once; a publish
     * completes when the sink has accepted it, or fails with an {@link SnsException}.
     */
    CompletableFuture<SnsResult> handle(QueryRequest request) {
        String action = request.action();
        if (action == null || action.isEmpty()) {
            throw new SnsException(SnsErrorCode.MISSING_ACTION, "Missing Action");
        }
        return switch (action) {
            case "CreateTopic" -> CompletableFuture.completedFuture(createTopic(request));
            case "ListTopics" -> CompletableFuture.completedFuture(listTopics(request.params()));
            case "GetTopicAttributes" -> CompletableFuture.completedFuture(topicAttributes(request.params()));
            case "Publish" -> publish(request.params());
            case "PublishBatch" -> publishBatch(request.params());
            default -> throw new SnsException(SnsErrorCode.INVALID_ACTION,
                    "The action " + SafeTextFields.escape(action) + " is not valid for this endpoint.");
        };
    }

    private SnsResult createTopic(QueryRequest request) {
        QueryParams params = request.params();
        String name = params.get("Name");
        Map<String, String> attributes = new LinkedHashMap<>();
        for (QueryParams entry : params.entries("Attributes")) {
            if (entry.get("key") != null && entry.get("value") != null) {
                attributes.put(entry.get("key"), entry.get("value"));
            }
        }
        if (name != null && name.endsWith(".fifo") || "true".equalsIgnoreCase(attributes.get("FifoTopic"))) {
            throw SnsException.invalidParameter("FIFO topics are not supported by this endpoint");
        }
        if (!TopicArn.isValidName(name)) {
            throw SnsException.invalidParameter("Topic Name");
        }
        Topic topic = topics.create(TopicArn.of(request.region(), name), attributes);
        return new SnsResult.TopicCreated(topic.arn().toString());
    }

    private SnsResult listTopics(QueryParams params) {
        String token = params.get("NextToken");
        String after = null;
        if (token != null && !token.isEmpty()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw SnsException.invalidParameter("NextToken");
            }
            if (TopicArn.parse(after).isEmpty()) {
                throw SnsException.invalidParameter("NextToken");
            }
        }
        List<Topic> page = topics.page(after, LIST_TOPICS_PAGE);
        List<String> arns = page.stream().map(topic -> topic.arn().toString()).toList();
        String next = null;
        if (!arns.isEmpty() && topics.hasAfter(arns.get(arns.size() - 1))) {
            next = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(arns.get(arns.size() - 1).getBytes(StandardCharsets.UTF_8));
        }
        return new SnsResult.TopicList(arns, next);
    }

    private SnsResult topicAttributes(QueryParams params) {
        Topic topic = existingTopic(params.get("TopicArn"), "TopicArn");
        String arn = topic.arn().toString();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Policy", defaultPolicy(topic.arn()));
        attributes.put("Owner", topic.arn().accountId());
        attributes.put("SubscriptionsPending", "0");
        attributes.put("TopicArn", arn);
        attributes.put("EffectiveDeliveryPolicy", EFFECTIVE_DELIVERY_POLICY);
        attributes.put("SubscriptionsConfirmed", "1");
        attributes.put("DisplayName", "");
        attributes.put("SubscriptionsDeleted", "0");
        attributes.putAll(topic.attributes());
        return new SnsResult.TopicAttributes(attributes);
    }

    private CompletableFuture<SnsResult> publish(QueryParams params) {
        if (params.get("PhoneNumber") != null && params.get("TopicArn") == null && params.get("TargetArn") == null) {
            throw SnsException.invalidParameter("PhoneNumber Reason: SMS is not supported by this endpoint");
        }
        String arnText = params.get("TopicArn") != null ? params.get("TopicArn") : params.get("TargetArn");
        String parameter = params.get("TopicArn") != null ? "TopicArn" : "TargetArn";
        if (arnText == null) {
            throw SnsException.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
        }
        TopicArn arn = topicArn(arnText, parameter);
        PublishEntry entry = PublishEntryParser.parse(null, params);
        Topic topic = topics.find(arn).orElseThrow(SnsException::topicNotFound);
        SnsNotification notification = notifications.create(topic, entry);
        return sinkAccepted(dispatcher.submit(List.of(notification))).handle((accepted, failure) -> {
            if (failure != null) {
                throw sinkFailure(failure);
            }
            return new SnsResult.Published(notification.messageId());
        });
    }

    private CompletableFuture<SnsResult> publishBatch(QueryParams params) {
        TopicArn arn = topicArn(params.get("TopicArn"), "TopicArn");
        List<QueryParams> entries = params.members("PublishBatchRequestEntries");
        if (entries.isEmpty()) {
            throw new SnsException(SnsErrorCode.EMPTY_BATCH_REQUEST, "The batch request doesn't contain any entries.");
        }
        if (entries.size() > MAX_BATCH_ENTRIES) {
            throw new SnsException(SnsErrorCode.TOO_MANY_ENTRIES_IN_BATCH_REQUEST,
                    "The batch request contains more entries than permissible.");
        }
        Set<String> ids = new HashSet<>();
        long totalBytes = 0;
        for (QueryParams entry : entries) {
            String id = entry.get("Id");
            if (id == null || !BATCH_ENTRY_ID.matcher(id).matches()) {
                throw new SnsException(SnsErrorCode.INVALID_BATCH_ENTRY_ID,
                        "A batch entry id can only contain alphanumeric characters, hyphens and underscores."
                                + " It can be at most 80 letters long.");
            }
            if (!ids.add(id)) {
                throw new SnsException(SnsErrorCode.BATCH_ENTRY_IDS_NOT_DISTINCT,
                        "Two or more batch entries in the request have the same Id.");
            }
            String message = entry.get("Message");
            totalBytes += message == null ? 0 : PublishEntry.utf8Length(message);
        }
        if (totalBytes > PublishEntryParser.MAX_MESSAGE_BYTES) {
            throw new SnsException(SnsErrorCode.BATCH_REQUEST_TOO_LONG,
                    "The length of all the messages put together is more than the limit.");
        }
        Topic topic = topics.find(arn).orElseThrow(SnsException::topicNotFound);

        List<SnsResult.BatchFailure> failed = new ArrayList<>();
        List<String> acceptedIds = new ArrayList<>();
        List<SnsNotification> batch = new ArrayList<>();
        for (QueryParams entry : entries) {
            String id = entry.get("Id");
            try {
                PublishEntry valid = PublishEntryParser.parse(id, entry);
                batch.add(notifications.create(topic, valid));
                acceptedIds.add(id);
            } catch (SnsException e) {
                failed.add(new SnsResult.BatchFailure(id, e.errorCode(), e.getMessage()));
            }
        }
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(new SnsResult.BatchPublished(List.of(), failed));
        }
        return sinkAccepted(dispatcher.submit(batch)).handle((accepted, failure) -> {
            List<SnsResult.BatchSuccess> successful = new ArrayList<>();
            if (failure == null) {
                for (int i = 0; i < batch.size(); i++) {
                    successful.add(new SnsResult.BatchSuccess(acceptedIds.get(i), batch.get(i).messageId()));
                }
            } else {
                SnsException error = sinkFailure(failure);
                acceptedIds.forEach(id -> failed.add(new SnsResult.BatchFailure(id, error.errorCode(), error.getMessage())));
            }
            return new SnsResult.BatchPublished(successful, failed);
        });
    }

    /** The sink's verdict, or a timeout after {@code sinkTimeout} (the dispatcher's future itself is left alone). */
    private CompletableFuture<Void> sinkAccepted(CompletableFuture<Void> accepted) {
        return accepted.copy().orTimeout(sinkTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private SnsException sinkFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof SinkDispatcher.DispatcherClosedException) {
            return new SnsException(SnsErrorCode.SERVICE_UNAVAILABLE, "The SNS endpoint is shutting down.");
        }
        if (cause instanceof TimeoutException) {
            return new SnsException(SnsErrorCode.SERVICE_UNAVAILABLE,
                    "The subscriber did not confirm within " + sinkTimeout.toMillis()
                            + " ms; the message may or may not be delivered. Retry the request.");
        }
        return new SnsException(SnsErrorCode.INTERNAL_ERROR,
                "The subscriber did not accept the message; it was not delivered. Retry the request.");
    }

    private Topic existingTopic(String arnText, String parameter) {
        return topics.find(topicArn(arnText, parameter)).orElseThrow(SnsException::topicNotFound);
    }

    private static TopicArn topicArn(String text, String parameter) {
        if (text == null) {
            throw SnsException.invalidParameter(parameter + " Reason: no value for required parameter");
        }
        return TopicArn.parse(text).orElseThrow(() -> SnsException.invalidParameter(parameter));
    }

    private static String defaultPolicy(TopicArn arn) {
        return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\","
                + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:GetTopicAttributes\","
                + "\"SNS:SetTopicAttributes\",\"SNS:AddPermission\",\"SNS:RemovePermission\",\"SNS:DeleteTopic\","
                + "\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\"" + arn
                + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + arn.accountId() + "\"}}}]}";
    }

    private static final String EFFECTIVE_DELIVERY_POLICY = "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,"
            + "\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,"
            + "\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false,"
            + "\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}";

    /** Builds the notification a subscriber gets for one accepted message. */
    static final class NotificationFactory {
        private final Clock clock;
        private final NotificationSigner signer;
        private final Supplier<String> baseUrl;

        /**
         * @param signer  null: no real signature (see README)
         * @param baseUrl the endpoint's URL, for the SigningCertURL and UnsubscribeURL fields
         */
        NotificationFactory(Clock clock, NotificationSigner signer, Supplier<String> baseUrl) {
            this.clock = clock;
            this.signer = signer;
            this.baseUrl = baseUrl;
        }

        SnsNotification create(Topic topic, PublishEntry entry) {
            String messageId = UUID.randomUUID().toString();
            Instant now = clock.instant();
            String arn = topic.arn().toString();
            String signature = signer == null
                    ? UNSIGNED
                    : signer.sign(entry.message(), messageId, entry.subject(), now, arn);
            String base = baseUrl.get();
            return new SnsNotification(messageId, arn, topic.subscriptionArn(), entry.subject(), entry.message(), now,
                    entry.attributes(), entry.messageGroupId(), entry.messageDeduplicationId(),
                    NotificationSigner.SIGNATURE_VERSION, signature,
                    base + SnsHttpHandler.SIGNING_CERT_PATH,
                    base + "/?Action=Unsubscribe&SubscriptionArn=" + topic.subscriptionArn());
        }

        /** Base64 of "unsigned: signing is off" so the field has the shape subscribers expect. */
        static final String UNSIGNED =
                Base64.getEncoder().encodeToString("unsigned: signing is off".getBytes(StandardCharsets.US_ASCII));
    }
}
