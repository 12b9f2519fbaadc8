package io.cdrplatform.snslocal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One message to publish, validated: from a {@code Publish} request or one entry of a
 * {@code PublishBatch}.
 *
 * @param id                     the batch entry id (null for Publish)
 * @param message                the message as the subscriber will get it
 * @param subject                the subject, or null
 * @param attributes             message attributes in request order
 * @param messageGroupId         or null
 * @param messageDeduplicationId or null
 */
record PublishEntry(String id, String message, String subject, Map<String, MessageAttribute> attributes,
        String messageGroupId, String messageDeduplicationId) {

    /** SNS counts the message and every attribute's name, type and value against its 256 KiB limit. */
    static long sizeInBytes(String message, Map<String, MessageAttribute> attributes) {
        long size = utf8Length(message);
        for (Map.Entry<String, MessageAttribute> attribute : attributes.entrySet()) {
            size += utf8Length(attribute.getKey()) + utf8Length(attribute.getValue().dataType());
            MessageAttribute value = attribute.getValue();
            size += value.isBinary() ? java.util.Base64.getDecoder().decode(value.value()).length : utf8Length(value.value());
        }
        return size;
    }

    static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
