package io.cdrplatform.core.event;

/** Why an event was skipped. The code is the metric dimension and the log field. */
public enum RejectionReason {
    MESSAGE_TOO_LARGE("message_too_large"),
    MALFORMED_JSON("malformed_json"),
    NOT_AN_OBJECT("not_an_object"),
    MISSING_CALL_ID("missing_call_id"),
    INVALID_CALL_ID("invalid_call_id"),
    MISSING_CAMPAIGN_ID("missing_campaign_id"),
    INVALID_CAMPAIGN_ID("invalid_campaign_id"),
    MISSING_EVENT_TYPE("missing_event_type"),
    UNKNOWN_EVENT_TYPE("unknown_event_type"),
    MISSING_TIMESTAMP("missing_timestamp"),
    INVALID_TIMESTAMP("invalid_timestamp"),
    INVALID_CONTACT_ID("invalid_contact_id"),
    INVALID_PHONE_NUMBER("invalid_phone_number"),
    MISSING_OUTCOME("missing_outcome"),
    INVALID_OUTCOME("invalid_outcome"),
    MISSING_DIGIT("missing_digit"),
    INVALID_DIGIT("invalid_digit"),
    MISSING_ACTION("missing_action"),
    INVALID_ACTION("invalid_action"),
    INVALID_START_TIME("invalid_start_time"),
    INVALID_DURATION("invalid_duration"),
    INVALID_SOURCE("invalid_source"),
    INVALID_METADATA("invalid_metadata"),
    METADATA_TOO_LARGE("metadata_too_large"),
    FORBIDDEN_KEY("forbidden_key"),
    /** Not a rule the event broke: the parser itself threw (a bug); the message is skipped, not retried for ever. */
    PARSER_FAILURE("parser_failure");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
