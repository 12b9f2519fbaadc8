package io.cdrplatform.bridge.records;

import io.cdrplatform.bridge.rejected.SetAside;
import io.cdrplatform.bridge.spool.SpoolEntry;
import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.avaya.RecordLayout;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns spool entries into {@link SpooledRecord}s for the sinks: the record the decoding stage
 * parsed (kept in memory with the spool entry), or after a restart the line parsed again exactly as
 * then (its {@link SpoolContext}: PBX, layout, zone, date, folded interim records); the campaign from
 * the attribution rules and the condition-code rule. A line that cannot be parsed any more (a layout
 * no longer known) is set aside through {@link SetAside}. Thread-safe (one per bridge, used by every sink).
 */
public final class SpooledRecords {

    private final LayoutCatalog layouts;
    private final RecordSetup setup;
    private final SetAside setAside;
    private final Map<String, AvayaRecordParser> parsers = new ConcurrentHashMap<>();

    public SpooledRecords(LayoutCatalog layouts, RecordSetup setup, SetAside setAside) {
        this.layouts = layouts;
        this.setup = setup;
        this.setAside = setAside;
    }

    /** The records of the entries; entries that do not parse are set aside for {@code sink} and left out. */
    public List<SpooledRecord> decode(List<SpoolEntry> entries, String sink) {
        List<SpooledRecord> records = new ArrayList<>(entries.size());
        for (SpoolEntry entry : entries) {
            AvayaRecord record;
            if (entry.parsed() instanceof AvayaRecord parsed) {
                record = parsed;
            } else {
                try {
                    record = parse(entry);
                } catch (IllegalArgumentException e) {
                    setAside.entry(sink, entry, "no longer parses: " + e.getMessage(), null, null);
                    continue;
                }
            }
            records.add(new SpooledRecord(entry, record, setup.attribution().campaignFor(record),
                    setup.conditionCodes().ruleFor(record)));
        }
        return records;
    }

    /** Parses a spooled line as it was parsed when it was accepted; an {@link IllegalArgumentException} says why not. */
    AvayaRecord parse(SpoolEntry entry) {
        SpoolContext context = SpoolContext.decode(entry.context());
        RecordLayout layout = layouts.byName(context.layout()).orElseThrow(() -> new IllegalArgumentException(
                "layout " + context.layout() + " is not known to this bridge"));
        ZoneId zone = context.zone() != null ? context.zone() : setup.defaultSite().zone();
        AvayaRecordParser parser = parsers.computeIfAbsent(context.pbx() + "|" + layout.name() + "|" + zone.getId(),
                key -> new AvayaRecordParser(layout, zone, context.pbx()));
        AvayaParseResult result = parser.parse(entry.line(), context.date());
        if (result instanceof AvayaParseResult.Unparseable unparseable) {
            throw new IllegalArgumentException(unparseable.reason());
        }
        AvayaRecord record = ((AvayaParseResult.Parsed) result).record();
        return context.interimRecords() > 0 ? record.withInterim(context.interimRecords(), context.interimSeconds())
                : record;
    }
}
