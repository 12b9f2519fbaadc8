package io.cdrplatform.embeddedmongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.cdrplatform.embeddedmongo.index.IndexedH2Backend;
import org.h2.mvstore.MVStore;

/**
 * The emulator's storage backends, each reporting {@link AdvertisedVersion#CURRENT}: the one place
 * cdr-local and the tests get a backend from, so both run the same emulator (and a later change to
 * it, such as secondary indexes, reaches both).
 */
public final class EmulatorBackends {

    private EmulatorBackends() {
    }

    /** In memory (tests, benchmarks). */
    public static MemoryBackend inMemory() {
        MemoryBackend backend = new MemoryBackend();
        backend.version(AdvertisedVersion.CURRENT);
        return backend;
    }

    /**
     * On an H2 store, typically one opened by {@link H2StoreFile}, with secondary indexes
     * ({@link IndexedH2Backend}).
     */
    public static IndexedH2Backend onH2(MVStore store) {
        IndexedH2Backend backend = new IndexedH2Backend(store);
        backend.version(AdvertisedVersion.CURRENT);
        return backend;
    }
}
