package io.cdrplatform.core.cost;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A carrier's rate sheet as imported: it replaces the whole table from {@code validFrom} on, and
 * leaves the rates in force before that date to the calls before it. Sheets apply in import order
 * ({@code importedAt}, then {@code id}): at any instant the rates in force are those of the sheet
 * imported last among the sheets valid from that instant or earlier.
 *
 * @param id         the import's id
 * @param validFrom  from when the sheet replaces the table
 * @param importedAt when the import was committed (orders the sheets)
 * @param rates      its rates, each valid from {@code validFrom} (or later) and optionally until a date
 */
public record RateSheet(String id, Instant validFrom, Instant importedAt, List<Rate> rates) {

    public static final Comparator<RateSheet> IMPORT_ORDER = Comparator.comparing(RateSheet::importedAt)
            .thenComparing(RateSheet::id);

    public RateSheet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(importedAt, "importedAt");
        rates = List.copyOf(rates);
    }

    /**
     * The rates in force, each clipped to when its sheet is in force: a sheet is in force from its
     * {@code validFrom} until the earliest {@code validFrom} of the sheets imported after it (never,
     * when one of them starts earlier or at the same instant). A rate valid in no instant is left out.
     */
    public static List<Rate> inForce(List<RateSheet> sheets) {
        List<RateSheet> ordered = new ArrayList<>(sheets);
        ordered.sort(IMPORT_ORDER);
        List<Rate> rates = new ArrayList<>();
        Instant supersededAt = null;
        for (int i = ordered.size() - 1; i >= 0; i--) {
            RateSheet sheet = ordered.get(i);
            if (supersededAt == null || sheet.validFrom().isBefore(supersededAt)) {
                for (Rate rate : sheet.rates()) {
                    Rate clipped = clip(rate, sheet.validFrom(), supersededAt);
                    if (clipped != null) {
                        rates.add(clipped);
                    }
                }
            }
            supersededAt = supersededAt == null || sheet.validFrom().isBefore(supersededAt) ? sheet.validFrom()
                    : supersededAt;
        }
        return rates;
    }

    private static Rate clip(Rate rate, Instant from, Instant until) {
        Instant start = rate.validFrom().isBefore(from) ? from : rate.validFrom();
        Instant end = rate.validTo();
        if (until != null && (end == null || until.isBefore(end))) {
            end = until;
        }
        if (end != null && !end.isAfter(start)) {
            return null;
        }
        return new Rate(rate.prefix(), rate.name(), rate.pricePerMinute(), rate.connectionFee(), rate.increment(),
                start, end);
    }
}
