package io.cdrplatform.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrplatform.core.id.IdRule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads one SNS message string into a {@link CallEvent}, enforcing every rule of the contract's
 * section 1, and writes events back to the same JSON form. Unknown extra fields are ignored.
 * Thread-safe.
 */
public final class CallEventCodec implements EventParser {

    /** SNS's own message size limit; anything larger cannot have come through SNS intact. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;
    public static final int MAX_METADATA_BYTES = 4 * 1024;
    public static final int MAX_ACTION_PARAMETERS_BYTES = 4 * 1024;
    /** A month: longer than any call a PBX reports (Avaya's own field stops at 9:59:59). */
    public static final long MAX_DURATION_SECONDS = 31L * 24 * 3600;
    private static final int MAX_NESTING_DEPTH = 32;

    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+[0-9]{3,20}|[0-9]{1,20}");
    private static final Pattern DIGIT = Pattern.compile("[0-9*#A-D]");
    private static final int MAX_CONTACT_ID_LENGTH = 256;
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public CallEventCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory).build();
    }

    @Override
    public EventParseResult parse(String message) {
        if (message == null) {
            return reject(null, RejectionReason.MALFORMED_JSON, "message is empty");
        }
        if (message.length() > MAX_MESSAGE_BYTES / 3
                && message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            return reject(null, RejectionReason.MESSAGE_TOO_LARGE,
                    "message is larger than " + MAX_MESSAGE_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = mapper.readTree(message);
        } catch (JsonProcessingException e) {
            return reject(null, RejectionReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return reject(null, RejectionReason.NOT_AN_OBJECT, "message is not a JSON object");
        }
        return new Reader((ObjectNode) root).read();
    }

    /** The JSON text of an event, in the contract's field names. */
    public String write(CallEvent event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("callId", event.callId());
        node.put("campaignId", event.campaignId());
        node.put("eventType", event.type().wireName());
        node.put("timestamp", event.timestamp().toString());
        putIfPresent(node, "contactId", event.contactId());
        putIfPresent(node, "phoneNumber", event.phoneNumber());
        if (event.outcome() != null) {
            node.put("outcome", event.outcome().wireName());
        }
        putIfPresent(node, "digit", event.digit());
        if (event.action() != null) {
            ObjectNode action = node.putObject("action");
            action.put("type", event.action().type());
            action.set("parameters", mapper.valueToTree(event.action().parameters()));
        }
        if (event.startTime() != null) {
            node.put("startTime", event.startTime().toString());
        }
        if (event.durationSeconds() != null) {
            node.put("duration", event.durationSeconds());
        }
        putIfPresent(node, "source", event.source());
        if (!event.metadata().isEmpty()) {
            node.set("metadata", mapper.valueToTree(event.metadata()));
        }
        return node.toString();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static EventParseResult reject(String callId, RejectionReason reason, String detail) {
        return new EventParseResult.Rejected(callId, reason, detail);
    }

    /** Signals the first broken rule; caught in {@link Reader#read()}. */
    private static final class Rejection extends RuntimeException {
        private final RejectionReason reason;

        Rejection(RejectionReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    /** One message's validation; keeps the callId it saw so every rejection can name it. */
    private final class Reader {
        private final ObjectNode root;
        private String seenCallId;

        Reader(ObjectNode root) {
            this.root = root;
        }

        EventParseResult read() {
            JsonNode rawCallId = root.get("callId");
            if (rawCallId != null && rawCallId.isTextual()) {
                String text = rawCallId.textValue();
                seenCallId = text.length() > 128 ? text.substring(0, 128) : text;
            }
            try {
                return new EventParseResult.Accepted(event());
            } catch (Rejection rejection) {
                return reject(seenCallId, rejection.reason, rejection.getMessage());
            }
        }

        private CallEvent event() {
            String callId = requiredId("callId", RejectionReason.MISSING_CALL_ID, RejectionReason.INVALID_CALL_ID);
            String campaignId = requiredId("campaignId", RejectionReason.MISSING_CAMPAIGN_ID,
                    RejectionReason.INVALID_CAMPAIGN_ID);
            String typeName = requiredText("eventType", RejectionReason.MISSING_EVENT_TYPE,
                    RejectionReason.UNKNOWN_EVENT_TYPE);
            EventType type = EventType.fromWireName(typeName).orElseThrow(() -> new Rejection(
                    RejectionReason.UNKNOWN_EVENT_TYPE, "eventType '" + typeName + "' is not one of the contract's"));
            Instant timestamp = instant("timestamp", requiredText("timestamp", RejectionReason.MISSING_TIMESTAMP,
                    RejectionReason.INVALID_TIMESTAMP), RejectionReason.INVALID_TIMESTAMP);

            CallEvent.Builder builder = CallEvent.builder(callId, campaignId, type, timestamp)
                    .contactId(contactId())
                    .phoneNumber(optionalMatching("phoneNumber", PHONE_NUMBER.asMatchPredicate(), RejectionReason.INVALID_PHONE_NUMBER,
                            "a + and 3-20 digits, or an extension of 1-20 digits"))
                    .source(optionalMatching("source", IdRule.NAME::matches, RejectionReason.INVALID_SOURCE, IdRule.NAME.describe()))
                    .metadata(metadata());
            switch (type) {
                case CALL_ENDED -> {
                    builder.outcome(outcome());
                    Instant startTime = optionalInstant("startTime", RejectionReason.INVALID_START_TIME);
                    if (startTime != null && startTime.isAfter(timestamp)) {
                        throw new Rejection(RejectionReason.INVALID_START_TIME, "startTime is after the end timestamp");
                    }
                    builder.startTime(startTime).durationSeconds(duration());
                }
                case DTMF_PRESSED -> builder.digit(digit());
                case ACTION_TRIGGERED -> builder.action(action());
                default -> {
                    // call_initiated and call_answered carry only the common fields
                }
            }
            return builder.build();
        }

        private String requiredText(String field, RejectionReason missing, RejectionReason invalid) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                throw new Rejection(missing, field + " is required");
            }
            if (!node.isTextual()) {
                throw new Rejection(invalid, field + " must be a string");
            }
            return node.textValue();
        }

        private String requiredId(String field, RejectionReason missing, RejectionReason invalid) {
            String value = requiredText(field, missing, invalid);
            if (!IdRule.ID.matches(value)) {
                throw new Rejection(invalid, field + " must be " + IdRule.ID.describe());
            }
            return value;
        }

        private String optionalText(String field, RejectionReason invalid) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                throw new Rejection(invalid, field + " must be a string");
            }
            return node.textValue();
        }

        private String optionalMatching(String field, Predicate<String> accepts, RejectionReason invalid, String rule) {
            String value = optionalText(field, invalid);
            if (value != null && !accepts.test(value)) {
                throw new Rejection(invalid, field + " must be " + rule);
            }
            return value;
        }

        private String contactId() {
            String value = optionalText("contactId", RejectionReason.INVALID_CONTACT_ID);
            if (value == null) {
                return null;
            }
            if (value.isEmpty() || value.length() > MAX_CONTACT_ID_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
                throw new Rejection(RejectionReason.INVALID_CONTACT_ID,
                        "contactId must be 1-" + MAX_CONTACT_ID_LENGTH + " characters without control characters");
            }
            return value;
        }

        private Instant instant(String field, String text, RejectionReason invalid) {
            Instant instant;
            try {
                instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new Rejection(invalid, field + " must be an ISO-8601 instant with a zone, like 2024-01-15T10:35:00Z");
            }
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new Rejection(invalid, field + " must lie between 1970 and 9999");
            }
            return instant;
        }

        private Instant optionalInstant(String field, RejectionReason invalid) {
            String text = optionalText(field, invalid);
            return text == null ? null : instant(field, text, invalid);
        }

        private Outcome outcome() {
            String text = requiredText("outcome", RejectionReason.MISSING_OUTCOME, RejectionReason.INVALID_OUTCOME);
            return Outcome.fromWireName(text).orElseThrow(() -> new Rejection(RejectionReason.INVALID_OUTCOME,
                    "outcome '" + text + "' is not one of answered, no_answer, busy, failed, voicemail, converted, opted_out"));
        }

        private Long duration() {
            JsonNode node = root.get("duration");
            if (node == null || node.isNull()) {
                return null;
            }
            // a number beyond a double's range (1e400) reads as infinity, which has no decimal value
            if (!node.isIntegralNumber() && !(node.isNumber() && Double.isFinite(node.doubleValue())
                    && node.decimalValue().stripTrailingZeros().scale() <= 0)) {
                throw new Rejection(RejectionReason.INVALID_DURATION, "duration must be a whole number of seconds");
            }
            if (!node.canConvertToLong() || node.longValue() < 0 || node.longValue() > MAX_DURATION_SECONDS) {
                throw new Rejection(RejectionReason.INVALID_DURATION,
                        "duration must be between 0 and " + MAX_DURATION_SECONDS + " seconds");
            }
            return node.longValue();
        }

        private String digit() {
            String text = requiredText("digit", RejectionReason.MISSING_DIGIT, RejectionReason.INVALID_DIGIT);
            if (!DIGIT.matcher(text).matches()) {
                throw new Rejection(RejectionReason.INVALID_DIGIT, "digit must be one of 0-9 * # A-D");
            }
            return text;
        }

        private Action action() {
            JsonNode node = root.get("action");
            if (node == null || node.isNull()) {
                throw new Rejection(RejectionReason.MISSING_ACTION, "action is required on action_triggered");
            }
            if (!node.isObject()) {
                throw new Rejection(RejectionReason.INVALID_ACTION, "action must be an object");
            }
            JsonNode type = node.get("type");
            if (type == null || !type.isTextual() || !Action.isValidType(type.textValue())) {
                throw new Rejection(RejectionReason.INVALID_ACTION, "action.type must be 1-64 characters of [a-z0-9_]");
            }
            JsonNode parameters = node.get("parameters");
            if (parameters == null || parameters.isNull()) {
                return new Action(type.textValue(), Map.of());
            }
            if (!parameters.isObject()) {
                throw new Rejection(RejectionReason.INVALID_ACTION, "action.parameters must be an object");
            }
            checkSize(parameters, MAX_ACTION_PARAMETERS_BYTES, RejectionReason.INVALID_ACTION, "action.parameters");
            checkKeys(parameters, "action.parameters");
            checkFinite(parameters, RejectionReason.INVALID_ACTION, "action.parameters");
            return new Action(type.textValue(), mapper.convertValue(parameters, MAP));
        }

        private Map<String, Object> metadata() {
            JsonNode node = root.get("metadata");
            if (node == null || node.isNull()) {
                return Map.of();
            }
            if (!node.isObject()) {
                throw new Rejection(RejectionReason.INVALID_METADATA, "metadata must be an object");
            }
            checkSize(node, MAX_METADATA_BYTES, RejectionReason.METADATA_TOO_LARGE, "metadata");
            checkKeys(node, "metadata");
            checkFinite(node, RejectionReason.INVALID_METADATA, "metadata");
            return mapper.convertValue(node, MAP);
        }

        private void checkSize(JsonNode node, int limit, RejectionReason reason, String field) {
            int bytes = node.toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limit) {
                throw new Rejection(reason, field + " is " + bytes + " bytes serialized, more than " + limit);
            }
        }

        /**
         * A JSON number beyond a double's range (1e400) reads as infinity, which JSON cannot carry:
         * it would be stored as infinity and come back as the string "Infinity". Refuse it instead.
         */
        private void checkFinite(JsonNode node, RejectionReason reason, String path) {
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw new Rejection(reason, path + " holds a number beyond the range of a double");
            }
            if (node.isContainerNode()) {
                for (JsonNode child : node) {
                    checkFinite(child, reason, path);
                }
            }
        }

        /** MongoDB reads keys starting with $ as operators and keys with dots as paths: refuse both, at any depth. */
        private void checkKeys(JsonNode node, String path) {
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    String key = field.getKey();
                    if (key.startsWith("$") || key.indexOf('.') >= 0 || key.indexOf('\0') >= 0) {
                        throw new Rejection(RejectionReason.FORBIDDEN_KEY,
                                path + " has a key starting with '$' or containing '.'");
                    }
                    checkKeys(field.getValue(), path);
                }
            } else if (node.isArray()) {
                for (JsonNode element : node) {
                    checkKeys(element, path);
                }
            }
        }
    }
}
