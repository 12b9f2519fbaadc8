package io.cdrplatform.snslocal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the message parameters of a Publish request, or of one PublishBatch entry, into a
 * {@link PublishEntry}, with SNS's rules and error codes: a broken rule throws {@link SnsException}
 * ({@code InvalidParameter}, or {@code ParameterValueInvalid} for message attributes).
 */
final class PublishEntryParser {
    /** 256 KiB: the SNS limit for a message with its attributes, and for a whole batch. */
    static final int MAX_MESSAGE_BYTES = 262_144;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");
    private static final Pattern DATA_TYPE =
            Pattern.compile("(String|Number|Binary|String\\.Array)(\\.[A-Za-z0-9_.-]{1,250})?");
    private static final Pattern GROUP_OR_DEDUP_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private PublishEntryParser() {
    }

    static PublishEntry parse(String id, QueryParams params) {
        String structure = params.get("MessageStructure");
        String message = deliveredMessage(params.get("Message"), structure);
        String subject = subject(params.get("Subject"));
        Map<String, MessageAttribute> attributes = attributes(params.entries("MessageAttributes"));
        if (PublishEntry.sizeInBytes(message, attributes) > MAX_MESSAGE_BYTES
                || PublishEntry.utf8Length(params.get("Message")) > MAX_MESSAGE_BYTES) {
            throw SnsException.invalidParameter("Message too long");
        }
        return new PublishEntry(id, message, subject, attributes,
                optionalId("MessageGroupId", params.get("MessageGroupId")),
                optionalId("MessageDeduplicationId", params.get("MessageDeduplicationId")));
    }

    /** For {@code MessageStructure=json} the subscriber gets its protocol's entry (ours is Lambda) or {@code default}. */
    private static String deliveredMessage(String message, String structure) {
        if (message == null) {
            throw SnsException.invalidParameter("Message");
        }
        if (message.isEmpty()) {
            throw SnsException.invalidParameter("Empty message");
        }
        if (structure == null) {
            return message;
        }
        if (!structure.equals("json")) {
            throw SnsException.invalidParameter("MessageStructure");
        }
        JsonNode perProtocol;
        try {
            perProtocol = JSON.readTree(message);
        } catch (IOException e) {
            throw SnsException.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        if (perProtocol == null || !perProtocol.isObject()) {
            throw SnsException.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        JsonNode fallback = perProtocol.get("default");
        if (fallback == null || !fallback.isTextual()) {
            throw SnsException.invalidParameter("Message Structure - No default entry in JSON message body");
        }
        JsonNode lambda = perProtocol.get("lambda");
        String delivered = lambda != null && lambda.isTextual() ? lambda.asText() : fallback.asText();
        if (delivered.isEmpty()) {
            throw SnsException.invalidParameter("Empty message");
        }
        return delivered;
    }

    private static String subject(String subject) {
        if (subject == null) {
            return null;
        }
        if (subject.isEmpty() || subject.length() >= 100 || subject.chars().anyMatch(Character::isISOControl)) {
            throw SnsException.invalidParameter("Subject");
        }
        return subject;
    }

    private static String optionalId(String name, String value) {
        if (value == null) {
            return null;
        }
        if (!GROUP_OR_DEDUP_ID.matcher(value).matches()) {
            throw SnsException.invalidParameter(name);
        }
        return value;
    }

    private static Map<String, MessageAttribute> attributes(List<QueryParams> entries) {
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        for (QueryParams entry : entries) {
            String name = entry.get("Name");
            if (name == null || name.isEmpty()) {
                throw invalidValue("Message attribute name can not be null or empty");
            }
            if (!isValidAttributeName(name)) {
                throw invalidValue("Invalid attribute name " + SafeTextFields.escape(name));
            }
            if (attributes.containsKey(name)) {
                throw invalidValue("Message attribute name '" + name + "' is repeated");
            }
            attributes.put(name, attribute(name, entry));
        }
        return attributes;
    }

    static boolean isValidAttributeName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return ATTRIBUTE_NAME.matcher(name).matches()
                && !name.startsWith(".") && !name.endsWith(".") && !name.contains("..")
                && !lower.startsWith("aws.") && !lower.startsWith("amazon.");
    }

    private static MessageAttribute attribute(String name, QueryParams entry) {
        String dataType = entry.get("Value.DataType");
        if (dataType == null || dataType.isEmpty()) {
            throw invalidValue("The message attribute '" + name + "' must contain non-empty message attribute type.");
        }
        if (!DATA_TYPE.matcher(dataType).matches()) {
            throw invalidValue("The message attribute '" + name + "' has an invalid message attribute type,"
                    + " the set of supported type prefixes is Binary, Number, and String.");
        }
        MessageAttribute typed = new MessageAttribute(dataType, "");
        if (typed.isBinary()) {
            String base64 = entry.get("Value.BinaryValue");
            if (base64 == null || base64.isEmpty()) {
                throw invalidValue("The message attribute '" + name
                        + "' must contain non-empty message attribute value for message attribute type 'Binary'.");
            }
            try {
                Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw invalidValue("The message attribute '" + name + "' with type 'Binary' must be base64-encoded.");
            }
            return new MessageAttribute(dataType, base64);
        }
        String value = entry.get("Value.StringValue");
        if (value == null || value.isEmpty()) {
            throw invalidValue("The message attribute '" + name + "' must contain non-empty message attribute value"
                    + " for message attribute type '" + typed.baseType() + "'.");
        }
        switch (typed.baseType()) {
            case "Number" -> requireNumber(name, value);
            case "String.Array" -> requireArray(name, value);
            default -> {
                // any String value is valid
            }
        }
        return new MessageAttribute(dataType, value);
    }

    private static void requireNumber(String name, String value) {
        try {
            new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw invalidValue("An invalid or out-of-range value '" + SafeTextFields.escape(value)
                    + "' was passed in for message attribute '" + name + "' of type 'Number'.");
        }
    }

    private static void requireArray(String name, String value) {
        JsonNode array;
        try {
            array = JSON.readTree(value);
        } catch (IOException e) {
            array = null;
        }
        if (array == null || !array.isArray()) {
            throw invalidValue("The message attribute '" + name + "' of type 'String.Array' must be a JSON array.");
        }
    }

    private static SnsException invalidValue(String message) {
        return new SnsException(SnsErrorCode.PARAMETER_VALUE_INVALID, message);
    }
}
