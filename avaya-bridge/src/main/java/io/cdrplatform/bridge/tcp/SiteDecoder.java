package io.cdrplatform.bridge.tcp;

import io.cdrplatform.bridge.records.InterimCalls;
import io.cdrplatform.bridge.records.PbxSite;
import io.cdrplatform.bridge.records.SpoolContext;
import io.cdrplatform.bridge.spool.SpoolLine;
import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.avaya.ConditionCodes;
import io.cdrplatform.core.avaya.RecordLayout;
import io.cdrplatform.core.avaya.RecordLayouts;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoding stage of one PBX (shared by its connections): parses each line in the PBX's
 * layout, the one place a line is parsed on its way in. It keeps the date of CM's date records
 * ({@code MM DD} / {@code MMDD}) for layouts without a date field, masks the authorization code
 * before a line goes anywhere, folds the interim records of long calls ({@link InterimCalls}), and
 * with {@code auto} detects the layout from the first records: each line narrows the candidates
 * to those it fits; the layout is chosen (and logged) once exactly one is left. While two or more
 * still fit, lines are held (at most {@value #HOLD_WHILE_UNDECIDED}; the oldest is then rejected
 * naming the candidates), never guessed. Thread-safe.
 */
public final class SiteDecoder {

    static final int HOLD_WHILE_UNDECIDED = 20;
    private static final Logger log = LoggerFactory.getLogger(SiteDecoder.class);

    private final PbxSite site;
    private final ConditionCodes codes;
    private final InterimCalls interimCalls;
    private final Map<String, AvayaRecordParser> parsers = new LinkedHashMap<>();
    private RecordLayout layout;
    private List<RecordLayout> candidates;
    private final Deque<Held> held = new ArrayDeque<>();
    private int seenWhileUndecided;
    private MonthDay dateRecord;

    private record Held(String line, Instant receivedAt, String peer) {
    }

    public SiteDecoder(PbxSite site, ConditionCodes codes, InterimCalls interimCalls) {
        this.site = site;
        this.codes = codes;
        this.interimCalls = interimCalls;
        this.layout = site.layout();
        this.candidates = site.auto() ? new ArrayList<>(RecordLayouts.detectable()) : List.of(site.layout());
        for (RecordLayout candidate : candidates) {
            parsers.put(candidate.name(), new AvayaRecordParser(candidate, site.zone(), site.name()));
        }
    }

    public PbxSite site() {
        return site;
    }

    /** The layout in use; null while {@code auto} has not decided. */
    public synchronized RecordLayout layout() {
        return layout;
    }

    /** Lines held while {@code auto} is undecided. */
    public synchronized int heldLines() {
        return held.size();
    }

    /** Decodes one line, handing what becomes of it (now, or of held lines) to {@code out}. */
    public synchronized void decode(String line, Instant receivedAt, String peer, Consumer<? super PbxLine> out) {
        if (dateRecord(line, receivedAt)) {
            return;
        }
        if (layout != null) {
            out.accept(parse(layout, line, receivedAt));
            return;
        }
        List<RecordLayout> fit = new ArrayList<>();
        for (RecordLayout candidate : candidates) {
            if (parse(candidate, line, receivedAt) instanceof PbxLine.Accepted) {
                fit.add(candidate);
            }
        }
        if (fit.isEmpty()) {
            out.accept(new PbxLine.Rejected(maskAll(line), "fits none of the layouts "
                    + names(candidates) + " (PBX_RECORD_FORMAT=auto)"));
            return;
        }
        candidates = fit;
        seenWhileUndecided++;
        held.add(new Held(line, receivedAt, peer));
        if (fit.size() == 1) {
            layout = fit.get(0);
            log.atInfo().addKeyValue("pbx", site.label()).addKeyValue("layout", layout.name())
                    .log("PBX {} sends records in layout {} (detected from {} records; PBX_RECORD_FORMAT=auto)",
                            site.label(), layout.name(), seenWhileUndecided);
            while (!held.isEmpty()) {
                Held next = held.poll();
                out.accept(parse(layout, next.line(), next.receivedAt()));
            }
            return;
        }
        if (held.size() > HOLD_WHILE_UNDECIDED) {
            Held oldest = held.poll();
            String reason = "the records so far fit several layouts (" + names(candidates)
                    + "); not guessing: set PBX_RECORD_FORMAT";
            log.atWarn().addKeyValue("pbx", site.label()).log("PBX {}: {}", site.label(), reason);
            out.accept(new PbxLine.Rejected(maskAll(oldest.line()), reason));
        }
    }

    /** Masks the authorization code of text that is not a parsed line (rejected, cut off, over-long). */
    public synchronized String mask(String text) {
        return layout != null ? layout.mask(text) : maskAll(text);
    }

    private String maskAll(String text) {
        String masked = text;
        for (RecordLayout candidate : candidates) {
            masked = candidate.mask(masked);
        }
        return masked;
    }

    private PbxLine parse(RecordLayout using, String line, Instant receivedAt) {
        AvayaRecordParser parser = parsers.computeIfAbsent(using.name(),
                name -> new AvayaRecordParser(using, site.zone(), site.name()));
        LocalDate date = using.hasDate() ? null : dateFor(line, using, receivedAt);
        AvayaParseResult result = parser.parse(line, date);
        if (result instanceof AvayaParseResult.Unparseable unparseable) {
            return new PbxLine.Rejected(unparseable.line(), unparseable.reason());
        }
        AvayaRecord record = ((AvayaParseResult.Parsed) result).record();
        return accepted(using, record, date);
    }

    private PbxLine accepted(RecordLayout using, AvayaRecord record, LocalDate date) {
        if (layout == null) {
            // still detecting: only whether it fits matters, nothing is recorded yet
            return new PbxLine.Accepted(SpoolLine.of(record.rawLine()), record.callId());
        }
        int interim = 0;
        long interimSeconds = 0;
        ConditionCodes.Rule rule = codes.ruleFor(record);
        if (rule.action() == ConditionCodes.Action.INTERIM) {
            interimCalls.interim(record);
        } else {
            var fold = interimCalls.fold(record);
            if (fold.isPresent()) {
                interim = fold.get().records();
                interimSeconds = fold.get().seconds();
                record = record.withInterim(interim, interimSeconds);
            }
        }
        if (!record.durationKnown()) {
            log.atWarn().addKeyValue("callId", record.callId()).addKeyValue("pbx", site.label())
                    .log("PBX {} record with duration 9999: the PBX clock was changed during the call; "
                            + "duration unknown, billed as nothing", site.label());
        }
        SpoolContext context = site.isDefault() && using == RecordLayouts.SEED ? SpoolContext.SEED
                : new SpoolContext(site.name(), using.name(), site.zone(), date, interim, interimSeconds);
        return new PbxLine.Accepted(new SpoolLine(record.rawLine(), context.encode(), record), record.callId());
    }

    /**
     * The date of a dateless record: the last date record's (its year the one that puts it nearest
     * the receive date), else the receive date; a record whose end time lies after the receive time
     * on that same day is from the day before (sent late, e.g. from the PBX's buffer after a link break).
     */
    private LocalDate dateFor(String line, RecordLayout using, Instant receivedAt) {
        LocalDateTime received = LocalDateTime.ofInstant(receivedAt, site.zone());
        LocalDate today = received.toLocalDate();
        LocalDate date = today;
        if (dateRecord != null) {
            date = dateRecord.atYear(today.getYear());
            if (date.isAfter(today.plusDays(1))) {
                date = date.minusYears(1);
            } else if (date.isBefore(today.minusDays(180))) {
                date = date.plusYears(1);
            }
        }
        if (date.equals(today)) {
            String time = timeDigits(line, using);
            if (time != null) {
                int minutes = Integer.parseInt(time.substring(0, 2)) * 60 + Integer.parseInt(time.substring(2, 4));
                if (minutes > received.getHour() * 60 + received.getMinute() + 5) {
                    date = date.minusDays(1);
                }
            }
        }
        return date;
    }

    private static String timeDigits(String line, RecordLayout using) {
        if (!(using instanceof io.cdrplatform.core.avaya.FixedLayout fixed)) {
            return null;
        }
        for (var slot : fixed.slots()) {
            if (slot.field() == io.cdrplatform.core.avaya.CdrField.TIME && slot.start() + 4 <= line.length()) {
                String digits = line.substring(slot.start(), slot.start() + 4);
                return digits.chars().allMatch(Character::isDigit) && Integer.parseInt(digits.substring(0, 2)) < 24
                        ? digits : null;
            }
        }
        return null;
    }

    /** CM's date record ({@code MM DD} or {@code MMDD}, in the PBX's date order): remembered, not a call. */
    private boolean dateRecord(String line, Instant receivedAt) {
        if (layout != null && layout.hasDate()) {
            return false;
        }
        String text = line.strip();
        String first;
        String second;
        if (text.length() == 5 && text.charAt(2) == ' ') {
            first = text.substring(0, 2);
            second = text.substring(3, 5);
        } else if (text.length() == 4) {
            first = text.substring(0, 2);
            second = text.substring(2, 4);
        } else {
            return false;
        }
        if (!(first + second).chars().allMatch(Character::isDigit)) {
            return false;
        }
        int a = Integer.parseInt(first);
        int b = Integer.parseInt(second);
        try {
            dateRecord = site.dateOrder() == RecordLayout.DateOrder.MONTH_DAY ? MonthDay.of(a, b) : MonthDay.of(b, a);
        } catch (DateTimeException e) {
            return false;
        }
        log.atInfo().addKeyValue("pbx", site.label()).log("PBX {} date record: {}", site.label(), dateRecord);
        return true;
    }

    private static String names(List<RecordLayout> layouts) {
        return layouts.stream().map(RecordLayout::name).collect(Collectors.joining(", "));
    }
}
