package io.cdrplatform.query.cdrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.query.failure.BadParameterException;
import io.cdrplatform.query.range.DateRange;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PageCursorTest {

    private final PageCursor cursors = new PageCursor("unit-test-secret-0123456789");
    private final CdrFilter filter = new CdrFilter("camp-1",
            new DateRange(Instant.parse("2024-01-15T00:00:00Z"), null), Set.of(Outcome.BUSY));
    private final PageCursor.Position position = new PageCursor.Position(Instant.parse("2024-01-15T10:35:00.123Z"), "call:42");

    @Test
    void a_cursor_decodes_to_the_position_it_was_made_from() {
        String token = cursors.encode(position, filter);
        assertThat(cursors.decode(token, filter)).isEqualTo(position);
        assertThat(token).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void flipping_any_single_bit_is_refused() {
        byte[] bytes = Base64.getUrlDecoder().decode(cursors.encode(position, filter));
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] altered = bytes.clone();
                altered[i] ^= (byte) (1 << bit);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
                assertThatThrownBy(() -> cursors.decode(token, filter))
                        .isInstanceOf(BadParameterException.class)
                        .satisfies(e -> assertThat(((BadParameterException) e).parameter()).isEqualTo("cursor"));
            }
        }
    }

    @Test
    void a_cursor_of_another_query_or_another_key_is_refused() {
        String token = cursors.encode(position, filter);
        CdrFilter otherOutcome = new CdrFilter("camp-1", filter.range(), Set.of(Outcome.FAILED));
        assertThatThrownBy(() -> cursors.decode(token, otherOutcome)).hasMessageContaining("other filters");
        assertThatThrownBy(() -> new PageCursor("another-secret-0123456789").decode(token, filter))
                .hasMessageContaining("not one this API issued");
    }

    @Test
    void garbage_is_refused_as_malformed() {
        for (String garbage : new String[] {"", "x", "!!!!", "AAAA", "A".repeat(2000)}) {
            assertThatThrownBy(() -> cursors.decode(garbage, filter)).isInstanceOf(BadParameterException.class);
        }
    }
}
