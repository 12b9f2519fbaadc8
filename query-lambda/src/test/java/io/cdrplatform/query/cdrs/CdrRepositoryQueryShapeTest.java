package io.cdrplatform.query.cdrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.query.range.DateRange;
import java.time.Instant;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The list query keeps the shape the {campaignId: 1, startTime: -1} index serves. */
class CdrRepositoryQueryShapeTest {

    @Test
    void the_keyset_bounds_start_time_and_leaves_the_call_id_tie_break_as_a_residual_filter() {
        CdrFilter filter = new CdrFilter("camp-1", new DateRange(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-02-01T00:00:00Z")), Set.of(Outcome.BUSY));
        Document query = CdrRepository.filter(filter, new PageCursor.Position(Instant.parse("2024-01-15T00:00:00Z"), "c-9"));

        assertThat(query.toJson()).isEqualTo(new Document("campaignId", "camp-1")
                .append("$or", java.util.List.of(
                        new Document("startTime", new Document("$lt", java.util.Date.from(Instant.parse("2024-01-15T00:00:00Z")))),
                        new Document("callId", new Document("$lt", "c-9"))))
                .append("startTime", new Document("$gte", java.util.Date.from(Instant.parse("2024-01-01T00:00:00Z")))
                        .append("$lt", java.util.Date.from(Instant.parse("2024-02-01T00:00:00Z")))
                        .append("$lte", java.util.Date.from(Instant.parse("2024-01-15T00:00:00Z"))))
                .append("outcome", new Document("$in", java.util.List.of("busy"))).toJson());
    }
}
