package io.cdrplatform.embeddedmongo;

import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/** Opens the H2 MVStore file under the emulator with the settings that keep it near its live data. */
public final class H2StoreFile {

    private H2StoreFile() {
    }

    public static MVStore open(Path file, Thread.UncaughtExceptionHandler backgroundFailures) {
        MVStore.Builder builder = new MVStore.Builder()
                .fileName(file.toString())
                .backgroundExceptionHandler(backgroundFailures);
        if (System.getenv("H2_COMPRESS") != null) {
            builder.compress();
        }
        MVStore store = builder.open();
        if (System.getenv("H2_RETENTION_MS") != null) {
            store.setRetentionTime(Integer.parseInt(System.getenv("H2_RETENTION_MS")));
        }
        return store;
    }
}
