package io.cdrplatform.bridge.records;

import io.cdrplatform.core.avaya.FixedLayout;
import io.cdrplatform.core.avaya.RecordLayout;
import io.cdrplatform.core.avaya.RecordLayouts;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every layout a spooled line may name: the registry's, and each customized layout the bridge
 * has ever been configured with. Customized layouts are named by a digest of their description,
 * and their descriptions are kept in {@code SPOOL_DIR/layouts.properties}, so a line spooled under a
 * customized layout is parsed the same way after a restart even if {@code PBX_RECORD_FORMAT} changed
 * in between.
 */
public final class LayoutCatalog {

    public static final String FILE_NAME = "layouts.properties";

    private final Map<String, RecordLayout> byName;

    private LayoutCatalog(Map<String, RecordLayout> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The registry plus the given layouts (no file). */
    public static LayoutCatalog of(Collection<RecordLayout> configured) {
        Map<String, RecordLayout> all = new LinkedHashMap<>();
        RecordLayouts.named().forEach(layout -> all.put(layout.name(), layout));
        configured.forEach(layout -> all.put(layout.name(), layout));
        return new LayoutCatalog(all);
    }

    /** The registry, the layouts kept in the spool directory, and the configured ones (added to the file). */
    public static LayoutCatalog open(Path spoolDir, Collection<RecordLayout> configured) throws IOException {
        Path file = spoolDir.resolve(FILE_NAME);
        Properties kept = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                kept.load(in);
            }
        }
        Map<String, RecordLayout> all = new LinkedHashMap<>();
        RecordLayouts.named().forEach(layout -> all.put(layout.name(), layout));
        for (String name : kept.stringPropertyNames()) {
            String value = kept.getProperty(name);
            int bar = value.indexOf('|');
            RecordLayout.DateOrder order = bar > 0 ? RecordLayout.DateOrder.valueOf(value.substring(0, bar))
                    : RecordLayout.DateOrder.MONTH_DAY;
            all.put(name, FixedLayout.customized(value.substring(bar + 1), order));
        }
        boolean changed = false;
        for (RecordLayout layout : configured) {
            all.put(layout.name(), layout);
            if (layout instanceof FixedLayout fixed && fixed.spec() != null && !kept.containsKey(layout.name())) {
                String order = fixed.dateOrder() == null ? "" : fixed.dateOrder().name();
                kept.setProperty(layout.name(), order + "|" + fixed.spec());
                changed = true;
            }
        }
        if (changed) {
            Path temp = spoolDir.resolve(FILE_NAME + ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                new TreeMap<>(kept).forEach((name, spec) -> {
                    try {
                        out.write(name + "=" + spec + "\n");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return new LayoutCatalog(all);
    }

    public Optional<RecordLayout> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
