package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.query.testing.Calls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CdrPaginationTest extends QueryStores {

    private static final Instant BASE = Instant.parse("2024-01-15T08:00:00Z");

    @Test
    void walking_the_pages_while_new_calls_arrive_sees_every_call_exactly_once_newest_first() {
        // given 450 calls, many of them sharing a start time (ties across page boundaries)
        Set<String> original = new HashSet<>();
        for (int i = 0; i < 450; i++) {
            String callId = String.format("call-%04d", i);
            insert(Calls.ended(callId, "camp-1", BASE.plusSeconds(i / 7 * 60L), 30, Outcome.ANSWERED));
            original.add(callId);
        }
        insert(Calls.ended("other-campaign-call", "camp-2", BASE, 30, Outcome.ANSWERED));

        // when the pages are walked 37 at a time, with newer and older calls inserted between pages
        List<JsonNode> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok("/campaigns/camp-1/cdrs?limit=37" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(seen::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            insert(Calls.dialing("late-new-" + pages, "camp-1", Instant.parse("2024-02-01T00:00:00Z").plusSeconds(pages)));
            pages++;
        } while (cursor != null && pages < 100);

        // then every original call is seen once, nothing twice, in (startTime, callId) descending order
        List<String> ids = seen.stream().map(cdr -> cdr.get("callId").asText()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids).containsAll(original);
        assertThat(ids).noneMatch(id -> id.startsWith("late-new-"));
        assertThat(ids).doesNotContain("other-campaign-call");
        assertThat(pages).isEqualTo(13);
        for (int i = 1; i < seen.size(); i++) {
            String previous = seen.get(i - 1).get("startTime").asText() + "|" + seen.get(i - 1).get("callId").asText();
            String current = seen.get(i).get("startTime").asText() + "|" + seen.get(i).get("callId").asText();
            assertThat(current).as("position %d", i).isLessThan(previous);
        }
    }

    @Test
    void a_call_older_than_the_cursor_inserted_between_pages_shows_up_on_a_later_page_once() {
        // given 10 calls one minute apart
        for (int i = 0; i < 10; i++) {
            insert(Calls.ended("call-" + i, "camp-1", BASE.plusSeconds(60L * i), 30, Outcome.BUSY));
        }
        JsonNode first = ok("/campaigns/camp-1/cdrs?limit=4");

        // when a call that started before everything is inserted, then the rest is read
        insert(Calls.ended("call-early", "camp-1", BASE.minusSeconds(3600), 30, Outcome.BUSY));
        List<String> rest = new ArrayList<>();
        String cursor = first.get("nextCursor").asText();
        while (cursor != null) {
            JsonNode page = ok("/campaigns/camp-1/cdrs?limit=4&cursor=" + cursor);
            page.get("items").forEach(cdr -> rest.add(cdr.get("callId").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        }

        // then
        assertThat(first.get("items")).extracting(cdr -> cdr.get("callId").asText())
                .containsExactly("call-9", "call-8", "call-7", "call-6");
        assertThat(rest).containsExactly("call-5", "call-4", "call-3", "call-2", "call-1", "call-0", "call-early");
    }

    @Test
    void a_page_that_ends_exactly_at_the_last_call_has_a_cursor_and_the_next_page_is_empty() {
        // given
        for (int i = 0; i < 4; i++) {
            insert(Calls.ended("call-" + i, "camp-1", BASE.plusSeconds(60L * i), 30, Outcome.BUSY));
        }

        // when
        JsonNode whole = ok("/campaigns/camp-1/cdrs?limit=5");
        JsonNode exact = ok("/campaigns/camp-1/cdrs?limit=4");

        // then a page short of the limit is the last; a full one may be followed by an empty one
        assertThat(whole.get("items")).hasSize(4);
        assertThat(whole.get("nextCursor").isNull()).isTrue();
        assertThat(exact.get("items")).hasSize(4);
        if (!exact.get("nextCursor").isNull()) {
            JsonNode after = ok("/campaigns/camp-1/cdrs?limit=4&cursor=" + exact.get("nextCursor").asText());
            assertThat(after.get("items")).isEmpty();
            assertThat(after.get("nextCursor").isNull()).isTrue();
        }
    }

    @Test
    void all_calls_sharing_one_start_time_are_paged_by_call_id() {
        // given 25 calls that all started in the same millisecond
        for (int i = 0; i < 25; i++) {
            insert(Calls.ended(String.format("tie-%02d", i), "camp-1", BASE, 30, Outcome.FAILED));
        }

        // when
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok("/campaigns/camp-1/cdrs?limit=10" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(cdr -> ids.add(cdr.get("callId").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);

        // then
        assertThat(ids).hasSize(25).doesNotHaveDuplicates();
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }
}
