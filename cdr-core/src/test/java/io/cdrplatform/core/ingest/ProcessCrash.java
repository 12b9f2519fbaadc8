package io.cdrplatform.core.ingest;

/**
 * The process dies at this point (a Lambda timeout, an out-of-memory kill): nothing after it runs
 * and the batch is not acknowledged, so the transport delivers it again. An {@link Error}, not an
 * exception, because the ingestor must not be able to catch and survive it.
 */
final class ProcessCrash extends Error {
    ProcessCrash(String where) {
        super("process crashed " + where);
    }
}
