package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.query.testing.Calls;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Statistics against values worked out by hand on a known data set (default tariff: 0.01 per
 * started minute of billable time; a call a person took is answered 5 s in). The nine calls of
 * campaign {@code stats}:
 * <pre>
 *  call start (UTC)             duration outcome     answered  billable  cost
 *  c1   2024-01-15T00:10:00Z       61    answered    yes         56      0.01
 *  c2   2024-01-15T00:50:00Z      125    converted   yes        120      0.02
 *  c3   2024-01-15T09:20:00Z        0    no_answer   no           0      0.00
 *  c4   2024-01-15T09:40:00Z       20    busy        no           0      0.00
 *  c5   2024-01-15T18:45:00Z       30    failed      no           0      0.00
 *  c6   2024-01-15T18:59:59Z       45    voicemail   no          45      0.01
 *  c7   2024-01-15T23:30:00Z      200    opted_out   yes        195      0.04
 *  c8   2024-01-16T05:15:00Z        -    (dialing)   no        -
 *  c9   2024-01-16T05:29:00Z        -    (talking)   yes       -
 * </pre>
 */
class StatsTest extends QueryStores {

    @BeforeEach
    void knownCalls() {
        insert(Calls.ended("c1", "stats", Instant.parse("2024-01-15T00:10:00Z"), 61, Outcome.ANSWERED));
        insert(Calls.ended("c2", "stats", Instant.parse("2024-01-15T00:50:00Z"), 125, Outcome.CONVERTED));
        insert(Calls.ended("c3", "stats", Instant.parse("2024-01-15T09:20:00Z"), 0, Outcome.NO_ANSWER));
        insert(Calls.ended("c4", "stats", Instant.parse("2024-01-15T09:40:00Z"), 20, Outcome.BUSY));
        insert(Calls.ended("c5", "stats", Instant.parse("2024-01-15T18:45:00Z"), 30, Outcome.FAILED));
        insert(Calls.ended("c6", "stats", Instant.parse("2024-01-15T18:59:59Z"), 45, Outcome.VOICEMAIL));
        insert(Calls.ended("c7", "stats", Instant.parse("2024-01-15T23:30:00Z"), 200, Outcome.OPTED_OUT));
        insert(Calls.dialing("c8", "stats", Instant.parse("2024-01-16T05:15:00Z")));
        insert(Calls.inProgress("c9", "stats", Instant.parse("2024-01-16T05:29:00Z"), 4));
        insert(Calls.ended("other", "another-campaign", Instant.parse("2024-01-15T00:10:00Z"), 600, Outcome.CONVERTED));
    }

    @Test
    void every_total_and_rate_matches_the_hand_computed_values() {
        // when
        APIGatewayV2HTTPResponse response = get("/campaigns/stats/stats");

        // then
        JsonNode stats = json(response);
        assertThat(stats.get("totalAttempts").asLong()).isEqualTo(9);
        assertThat(stats.get("answered").asLong()).isEqualTo(4);
        assertThat(stats.get("converted").asLong()).isEqualTo(1);
        assertThat(stats.get("busy").asLong()).isEqualTo(1);
        assertThat(stats.get("failed").asLong()).isEqualTo(1);
        assertThat(stats.get("noAnswer").asLong()).isEqualTo(1);
        assertThat(stats.get("voicemail").asLong()).isEqualTo(1);
        assertThat(stats.get("optedOut").asLong()).isEqualTo(1);
        assertThat(stats.get("activeCalls").asLong()).isEqualTo(2);
        assertThat(stats.get("totalDurationSeconds").asLong()).isEqualTo(481);
        // exact decimal text: 4/9, 1/4, (61+125+200)/3, money as a string
        assertThat(response.getBody())
                .contains("\"answerRate\":0.4444,")
                .contains("\"conversionRate\":0.2500,")
                .contains("\"averageDurationSeconds\":128.67,")
                .contains("\"totalCost\":\"0.080000\"")
                .contains("\"billableSeconds\":416,\"costByDestination\":[{\"rateName\":\"default\",\"calls\":7,"
                        + "\"billableSeconds\":416,\"cost\":\"0.080000\"}]");
        assertThat(stats.get("byHour")).hasSize(24);
    }

    @Test
    void by_hour_in_utc_by_default() {
        Map<Integer, String> hours = hours(ok("/campaigns/stats/stats"));
        assertThat(hours).containsExactlyInAnyOrderEntriesOf(Map.of(
                0, "2/2/1.0", 5, "2/1/0.5", 9, "2/0/0.0", 18, "2/0/0.0", 23, "1/1/1.0"));
    }

    @Test
    void by_hour_in_new_york_shifts_by_five_hours_in_january() {
        Map<Integer, String> hours = hours(ok("/campaigns/stats/stats?tz=America/New_York"));
        assertThat(hours).containsExactlyInAnyOrderEntriesOf(Map.of(
                19, "2/2/1.0", 0, "2/1/0.5", 4, "2/0/0.0", 13, "2/0/0.0", 18, "1/1/1.0"));
    }

    @Test
    void by_hour_in_a_half_hour_zone_puts_each_call_in_its_own_local_hour() {
        // Asia/Kolkata is UTC+05:30: 00:10Z is 05:40 but 00:50Z is 06:20, 23:30Z is 05:00 next day
        Map<Integer, String> hours = hours(ok("/campaigns/stats/stats?tz=Asia%2FKolkata"));
        assertThat(hours).containsExactlyInAnyOrderEntriesOf(Map.of(
                5, "2/2/1.0", 6, "1/1/1.0", 14, "1/0/0.0", 15, "1/0/0.0", 0, "2/0/0.0", 10, "2/1/0.5"));
    }

    @Test
    void by_hour_across_a_daylight_saving_change_uses_the_offset_of_each_call() {
        // New York moves from UTC-5 to UTC-4 at 2024-03-10T07:00Z
        insert(Calls.dialing("before-dst", "dst", Instant.parse("2024-03-10T06:59:00Z")));
        insert(Calls.dialing("after-dst", "dst", Instant.parse("2024-03-10T07:00:00Z")));
        Map<Integer, String> hours = hours(ok("/campaigns/dst/stats?tz=America/New_York"));
        assertThat(hours).containsExactlyInAnyOrderEntriesOf(Map.of(1, "1/0/0.0", 3, "1/0/0.0"));
    }

    @Test
    void a_date_range_counts_only_calls_that_started_in_it() {
        // when: only 2024-01-15 (c1-c7)
        APIGatewayV2HTTPResponse response = get("/campaigns/stats/stats?startDate=2024-01-15&endDate=2024-01-15");

        // then 3 of 7 answered, 1 of 3 converted, nothing active
        JsonNode stats = json(response);
        assertThat(stats.get("totalAttempts").asLong()).isEqualTo(7);
        assertThat(stats.get("answered").asLong()).isEqualTo(3);
        assertThat(stats.get("activeCalls").asLong()).isEqualTo(0);
        assertThat(response.getBody()).contains("\"answerRate\":0.4286,").contains("\"conversionRate\":0.3333,")
                .contains("\"averageDurationSeconds\":128.67,").contains("\"totalCost\":\"0.080000\"");
        // and an instant range that holds c5 and c6 only (endDate inclusive)
        JsonNode evening = ok("/campaigns/stats/stats?startDate=2024-01-15T18:45:00Z&endDate=2024-01-15T18:59:59Z");
        assertThat(evening.get("totalAttempts").asLong()).isEqualTo(2);
        assertThat(evening.get("totalDurationSeconds").asLong()).isEqualTo(75);
    }

    @Test
    void an_empty_campaign_has_zeros_everywhere_and_24_empty_hours() {
        APIGatewayV2HTTPResponse response = get("/campaigns/nobody/stats");
        JsonNode stats = json(response);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(stats.get("totalAttempts").asLong()).isZero();
        assertThat(stats.get("activeCalls").asLong()).isZero();
        assertThat(response.getBody()).contains("\"answerRate\":0.0000,").contains("\"conversionRate\":0.0000,")
                .contains("\"averageDurationSeconds\":0.00,").contains("\"totalCost\":\"0.000000\"");
        assertThat(stats.get("byHour")).hasSize(24);
        stats.get("byHour").forEach(bucket -> assertThat(bucket.get("attempts").asLong()).isZero());
    }

    @Test
    void zero_divisors_give_zero_rates_and_averages() {
        // given calls that never got answered, and one answered call that has not ended
        insert(Calls.dialing("ringing", "quiet", Instant.parse("2024-01-15T10:00:00Z")));
        insert(Calls.ended("no-one", "quiet", Instant.parse("2024-01-15T10:05:00Z"), 20, Outcome.NO_ANSWER));
        insert(Calls.inProgress("talking", "talking-only", Instant.parse("2024-01-15T10:00:00Z"), 2));

        // when
        APIGatewayV2HTTPResponse quiet = get("/campaigns/quiet/stats");
        APIGatewayV2HTTPResponse talking = get("/campaigns/talking-only/stats");

        // then
        assertThat(quiet.getBody()).contains("\"answerRate\":0.0000,").contains("\"conversionRate\":0.0000,")
                .contains("\"averageDurationSeconds\":0.00,").contains("\"totalCost\":\"0.000000\"");
        assertThat(talking.getBody()).contains("\"answerRate\":1.0000,").contains("\"averageDurationSeconds\":0.00,")
                .contains("\"activeCalls\":1,");
    }

    private static Map<Integer, String> hours(JsonNode stats) {
        Map<Integer, String> hours = new HashMap<>();
        for (JsonNode bucket : stats.get("byHour")) {
            if (bucket.get("attempts").asLong() > 0) {
                hours.put(bucket.get("hour").asInt(), bucket.get("attempts").asLong() + "/" + bucket.get("answered").asLong()
                        + "/" + bucket.get("answerRate").asDouble());
            }
        }
        return hours;
    }
}
