package io.cdrplatform.snslocal;

import java.util.List;
import java.util.Map;

/** What an action answers, before it is written as XML. */
sealed interface SnsResult {
    /** The {@code <Action>Response} / {@code <Action>Result} element names. */
    String action();

    record TopicCreated(String topicArn) implements SnsResult {
        @Override
        public String action() {
            return "CreateTopic";
        }
    }

    record TopicList(List<String> topicArns, String nextToken) implements SnsResult {
        @Override
        public String action() {
            return "ListTopics";
        }
    }

    record TopicAttributes(Map<String, String> attributes) implements SnsResult {
        @Override
        public String action() {
            return "GetTopicAttributes";
        }
    }

    record Published(String messageId) implements SnsResult {
        @Override
        public String action() {
            return "Publish";
        }
    }

    record BatchPublished(List<BatchSuccess> successful, List<BatchFailure> failed) implements SnsResult {
        @Override
        public String action() {
            return "PublishBatch";
        }
    }

    record BatchSuccess(String id, String messageId) {
    }

    record BatchFailure(String id, SnsErrorCode code, String message) {
    }
}
