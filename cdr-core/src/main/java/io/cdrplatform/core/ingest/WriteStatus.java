package io.cdrplatform.core.ingest;

/** What became of one {@link CallWrite}. */
public enum WriteStatus {
    /** Stored at the new version. */
    WRITTEN,
    /** The record moved on (another writer got there first): read again, merge, retry. */
    CONFLICT,
    /** The store refused this write for another reason; retrying the same write will not help now. */
    FAILED
}
