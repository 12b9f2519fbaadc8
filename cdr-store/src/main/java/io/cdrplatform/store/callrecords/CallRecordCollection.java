package io.cdrplatform.store.callrecords;

/**
 * The MongoDB collection holding one document per call. Its writer (the cdr-logger) and its
 * readers (the query API, the rebuild commands) name it only through this class.
 */
public final class CallRecordCollection {

    public static final String NAME = "call_records";

    private CallRecordCollection() {
    }
}
