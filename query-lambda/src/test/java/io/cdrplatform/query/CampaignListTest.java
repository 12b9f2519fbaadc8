package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /campaigns}: the campaigns by last activity with their live counters, paged. */
class CampaignListTest extends QueryStores {

    private void campaign(String id, Instant lastActivity, long attempts) {
        redis.mset(Map.of(
                "campaign:" + id + ":last_activity", Long.toString(lastActivity.toEpochMilli()),
                "campaign:" + id + ":total_attempts", Long.toString(attempts),
                "campaign:" + id + ":active_calls", "1"));
    }

    @Test
    void campaigns_come_newest_activity_first_with_their_live_counters() {
        campaign("old", NOW.minusSeconds(7200), 5);
        campaign("new", NOW.minusSeconds(10), 7);
        campaign("mid", NOW.minusSeconds(600), 3);

        JsonNode list = ok("/campaigns");

        List<String> ids = new ArrayList<>();
        list.get("items").forEach(item -> ids.add(item.get("campaignId").asText()));
        assertThat(ids).containsExactly("new", "mid", "old");
        JsonNode first = list.get("items").get(0);
        assertThat(first.get("lastActivity").asText()).isEqualTo("2024-03-01T11:59:50Z");
        assertThat(first.get("totalAttempts").asLong()).isEqualTo(7);
        assertThat(first.get("activeCalls").asLong()).isEqualTo(1);
        assertThat(first.has("actions")).isTrue();
        assertThat(list.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void active_since_takes_a_duration_a_date_or_an_instant() {
        campaign("old", Instant.parse("2024-02-27T23:00:00Z"), 1);
        campaign("yesterday", Instant.parse("2024-02-29T08:00:00Z"), 1);
        campaign("recent", NOW.minusSeconds(1800), 1);

        assertThat(ids(ok("/campaigns?activeSince=PT1H"))).containsExactly("recent");
        assertThat(ids(ok("/campaigns?activeSince=P2D"))).containsExactly("recent", "yesterday");
        assertThat(ids(ok("/campaigns?activeSince=2024-02-29"))).containsExactly("recent", "yesterday");
        assertThat(ids(ok("/campaigns?activeSince=2024-02-29T08:00:00Z"))).containsExactly("recent", "yesterday");
        assertThat(ids(ok("/campaigns?activeSince=2024-02-29T08:00:00.001Z"))).containsExactly("recent");
        assertThat(ids(ok("/campaigns?activeSince=P1W"))).containsExactly("recent", "yesterday", "old");
    }

    @ParameterizedTest(name = "activeSince={0} -> 400")
    @ValueSource(strings = {"yesterday", "1h", "PT", "-PT1H", "P-1D", "2024-13-01", "2024-02-29T08:00:00", "P99999999Y"})
    void a_bad_active_since_is_a_400_naming_it(String value) {
        var response = get("/campaigns?activeSince=" + value);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).contains("activeSince");
    }

    @Test
    void pages_follow_the_cursor_and_show_each_campaign_once_even_with_equal_activity_times() {
        for (int i = 0; i < 25; i++) {
            campaign(String.format("c-%02d", i), NOW.minusSeconds(i / 3), i);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok("/campaigns?limit=10" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(String.format("c-%02d", i));
        }
        // ties (same second) come by campaign id descending
        expected.sort((a, b) -> {
            int ta = Integer.parseInt(a.substring(2)) / 3;
            int tb = Integer.parseInt(b.substring(2)) / 3;
            return ta != tb ? Integer.compare(ta, tb) : b.compareTo(a);
        });
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} -> 400")
    @ValueSource(strings = {"/campaigns?cursor=", "/campaigns?cursor=bm90LWEtY3Vyc29y", "/campaigns?cursor=%%%",
            "/campaigns?limit=0", "/campaigns?limit=1001", "/campaigns?since=PT1H", "/campaigns?limit=5&limit=6"})
    void bad_parameters_are_a_400(String pathAndQuery) {
        assertThat(get(pathAndQuery).getStatusCode()).isEqualTo(400);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("campaignId").asText()));
        return ids;
    }
}
