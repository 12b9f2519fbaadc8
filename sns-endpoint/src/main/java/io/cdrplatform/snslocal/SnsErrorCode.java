package io.cdrplatform.snslocal;

/**
 * The SNS error codes this endpoint answers with, each with the HTTP status and fault type real SNS
 * uses (the AWS SDKs map the code to their typed exceptions, e.g. {@code NotFound} to
 * {@code NotFoundException}; a 5xx makes them retry).
 */
public enum SnsErrorCode {
    NOT_FOUND("NotFound", 404, Fault.SENDER),
    INVALID_PARAMETER("InvalidParameter", 400, Fault.SENDER),
    PARAMETER_VALUE_INVALID("ParameterValueInvalid", 400, Fault.SENDER),
    INVALID_ACTION("InvalidAction", 400, Fault.SENDER),
    MISSING_ACTION("MissingAction", 400, Fault.SENDER),
    MALFORMED_QUERY_STRING("MalformedQueryString", 400, Fault.SENDER),
    REQUEST_TOO_LARGE("RequestEntityTooLarge", 413, Fault.SENDER),
    METHOD_NOT_ALLOWED("InvalidHttpRequest", 405, Fault.SENDER),
    EMPTY_BATCH_REQUEST("EmptyBatchRequest", 400, Fault.SENDER),
    TOO_MANY_ENTRIES_IN_BATCH_REQUEST("TooManyEntriesInBatchRequest", 400, Fault.SENDER),
    BATCH_ENTRY_IDS_NOT_DISTINCT("BatchEntryIdsNotDistinct", 400, Fault.SENDER),
    INVALID_BATCH_ENTRY_ID("InvalidBatchEntryId", 400, Fault.SENDER),
    BATCH_REQUEST_TOO_LONG("BatchRequestTooLong", 400, Fault.SENDER),
    INTERNAL_ERROR("InternalError", 500, Fault.RECEIVER),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, Fault.RECEIVER);

    /** The {@code <Type>} of an SNS error: whose fault it is. */
    public enum Fault {
        SENDER("Sender"),
        RECEIVER("Receiver");

        private final String wireName;

        Fault(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private final String code;
    private final int httpStatus;
    private final Fault fault;

    SnsErrorCode(String code, int httpStatus, Fault fault) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.fault = fault;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Fault fault() {
        return fault;
    }

    public boolean senderFault() {
        return fault == Fault.SENDER;
    }
}
