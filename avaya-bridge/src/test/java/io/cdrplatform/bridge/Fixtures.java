package io.cdrplatform.bridge;

import io.cdrplatform.bridge.records.InterimCalls;
import io.cdrplatform.bridge.records.LayoutCatalog;
import io.cdrplatform.bridge.records.PbxSite;
import io.cdrplatform.bridge.records.RecordSetup;
import io.cdrplatform.bridge.records.SpooledRecord;
import io.cdrplatform.bridge.records.SpooledRecords;
import io.cdrplatform.bridge.rejected.RejectedLinesFile;
import io.cdrplatform.bridge.rejected.SetAside;
import io.cdrplatform.bridge.spool.SpoolEntry;
import io.cdrplatform.bridge.tcp.SiteDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

/** Building blocks of the decoding stage and the sinks for tests. */
public final class Fixtures {

    /** The time the fixtures' interim tables are opened at (the test records' day). */
    public static final Instant NOW = Instant.parse("2025-09-17T16:00:00Z");

    private Fixtures() {
    }

    /** The decoding stage of the default PBX of {@code setup}, its interim table in {@code dir}. */
    public static SiteDecoder decoder(RecordSetup setup, Path dir) {
        return decoder(setup, setup.defaultSite(), dir);
    }

    public static SiteDecoder decoder(RecordSetup setup, PbxSite site, Path dir) {
        try {
            return new SiteDecoder(site, setup.conditionCodes(), InterimCalls.open(dir, NOW));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seed layout's default PBX in {@code zone}. */
    public static SiteDecoder seedDecoder(ZoneId zone, Path dir) {
        return decoder(RecordSetup.seed(zone, "avaya"), dir);
    }

    /** Spool entries as a sink gets them (parsed again from line and context, as after a restart). */
    public static List<SpooledRecord> spooled(RecordSetup setup, List<SpoolEntry> entries, RejectedLinesFile rejected,
                                              LongConsumer refused) {
        SpooledRecords records = new SpooledRecords(LayoutCatalog.of(setup.sites().stream().map(PbxSite::layout)
                .filter(Objects::nonNull).toList()), setup, new SetAside(rejected, refused, Clock.systemUTC()));
        return records.decode(entries, "test");
    }
}
