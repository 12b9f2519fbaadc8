package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.query.testing.Calls;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CdrListFiltersTest extends QueryStores {

    @BeforeEach
    void calls() {
        // calls at the edges of 2024-01-15 (UTC)
        insert(Calls.ended("before-day", "camp-1", Instant.parse("2024-01-14T23:59:59.999Z"), 10, Outcome.BUSY));
        insert(Calls.ended("day-start", "camp-1", Instant.parse("2024-01-15T00:00:00Z"), 10, Outcome.NO_ANSWER));
        insert(Calls.ended("mid-day", "camp-1", Instant.parse("2024-01-15T10:35:00Z"), 61, Outcome.ANSWERED));
        insert(Calls.ended("day-end", "camp-1", Instant.parse("2024-01-15T23:59:59.999Z"), 10, Outcome.CONVERTED));
        insert(Calls.ended("next-day", "camp-1", Instant.parse("2024-01-16T00:00:00Z"), 10, Outcome.FAILED));
        insert(Calls.ended("elsewhere", "camp-2", Instant.parse("2024-01-15T10:35:00Z"), 10, Outcome.BUSY));
    }

    private List<String> ids(String query) {
        JsonNode page = ok("/campaigns/camp-1/cdrs" + query);
        return java.util.stream.StreamSupport.stream(page.get("items").spliterator(), false)
                .map(cdr -> cdr.get("callId").asText()).toList();
    }

    @Test
    void a_bare_date_means_the_whole_utc_day_and_end_date_is_inclusive() {
        assertThat(ids("?startDate=2024-01-15&endDate=2024-01-15")).containsExactly("day-end", "mid-day", "day-start");
        assertThat(ids("?startDate=2024-01-15")).containsExactly("next-day", "day-end", "mid-day", "day-start");
        assertThat(ids("?endDate=2024-01-14")).containsExactly("before-day");
    }

    @Test
    void instants_are_inclusive_at_both_ends_to_the_millisecond() {
        assertThat(ids("?startDate=2024-01-15T10:35:00Z&endDate=2024-01-15T10:35:00Z")).containsExactly("mid-day");
        assertThat(ids("?startDate=2024-01-15T10:35:00.001Z")).containsExactly("next-day", "day-end");
        assertThat(ids("?endDate=2024-01-15T10:34:59.999Z")).containsExactly("day-start", "before-day");
    }

    @Test
    void instants_with_an_offset_are_converted_to_utc_escaped_or_not() {
        // 11:35+01:00 is 10:35Z; an unescaped '+' arrives as a space and is still understood
        assertThat(ids("?startDate=2024-01-15T11:35:00%2B01:00&endDate=2024-01-15T11:35:00%2B01:00")).containsExactly("mid-day");
        assertThat(ids("?startDate=2024-01-15T11:35:00+01:00&endDate=2024-01-15T11:35:00+01:00")).containsExactly("mid-day");
    }

    @Test
    void outcome_filters_one_or_several_outcomes() {
        assertThat(ids("?outcome=busy")).containsExactly("before-day");
        assertThat(ids("?outcome=busy,converted")).containsExactly("day-end", "before-day");
        assertThat(ids("?outcome=busy&outcome=failed&startDate=2024-01-15")).containsExactly("next-day");
    }

    @Test
    void the_cdr_json_has_the_view_fields_only_with_iso_instants_and_cost_as_a_decimal_string() {
        // given a call with IVR input
        insert(Calls.withIvr(Calls.ended("ivr-call", "camp-9", Instant.parse("2024-01-15T10:00:00Z"), 61,
                Outcome.CONVERTED, Map.of("crmId", "A-17", "score", 3)), "12#", "transfer", Map.of("queue", "sales")));

        // when
        JsonNode cdr = ok("/calls/ivr-call");
        JsonNode listed = ok("/campaigns/camp-9/cdrs").get("items").get(0);

        // then
        assertThat(listed).isEqualTo(cdr);
        assertThat(cdr.has("_id")).isFalse();
        assertThat(cdr.has("version")).isFalse();
        assertThat(cdr.has("fold")).isFalse();
        assertThat(cdr.get("callId").asText()).isEqualTo("ivr-call");
        assertThat(cdr.get("campaignId").asText()).isEqualTo("camp-9");
        assertThat(cdr.get("status").asText()).isEqualTo("completed");
        assertThat(cdr.get("outcome").asText()).isEqualTo("converted");
        assertThat(cdr.get("answered").asBoolean()).isTrue();
        assertThat(cdr.get("startTime").asText()).isEqualTo("2024-01-15T10:00:00Z");
        assertThat(cdr.get("answeredAt").asText()).isEqualTo("2024-01-15T10:00:05Z");
        assertThat(cdr.get("endTime").asText()).isEqualTo("2024-01-15T10:01:01Z");
        assertThat(cdr.get("duration").asLong()).isEqualTo(61);
        assertThat(cdr.get("cost").isTextual()).isTrue();
        // answered 5 s in: 56 billable seconds, one started minute at the default 0.01
        assertThat(cdr.get("cost").asText()).isEqualTo("0.010000");
        assertThat(cdr.get("billableSeconds").asLong()).isEqualTo(56);
        assertThat(cdr.get("ratePrefix").isNull()).isTrue();
        assertThat(cdr.get("rateName").asText()).isEqualTo("default");
        assertThat(cdr.get("dtmfInputs")).extracting(JsonNode::asText).containsExactly("1", "2", "#");
        assertThat(cdr.get("actionsTriggered").get(0).get("type").asText()).isEqualTo("transfer");
        assertThat(cdr.get("actionsTriggered").get(0).get("parameters").get("queue").asText()).isEqualTo("sales");
        assertThat(cdr.get("actionsTriggered").get(0).get("timestamp").asText()).isEqualTo("2024-01-15T10:00:07Z");
        assertThat(cdr.get("metadata").get("crmId").asText()).isEqualTo("A-17");
        assertThat(cdr.get("metadata").get("score").asInt()).isEqualTo(3);
        assertThat(cdr.get("createdAt").asText()).isEqualTo("2024-03-01T12:00:00Z");
        assertThat(cdr.get("phoneNumber").asText()).isEqualTo("+15550100");
    }

    @Test
    void a_call_in_progress_has_null_end_fields() {
        insert(Calls.inProgress("live-call", "camp-3", Instant.parse("2024-01-15T10:00:00Z"), 3));
        JsonNode cdr = ok("/calls/live-call");
        assertThat(cdr.get("status").asText()).isEqualTo("answered");
        assertThat(cdr.get("endTime").isNull()).isTrue();
        assertThat(cdr.get("duration").isNull()).isTrue();
        assertThat(cdr.get("cost").isNull()).isTrue();
        assertThat(cdr.get("outcome").isNull()).isTrue();
    }

    @Test
    void an_unknown_call_is_404_with_the_error_shape() {
        APIGatewayV2HTTPResponse response = get("/calls/no-such-call");
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("call_not_found");
        assertThat(json(response).get("message").asText()).contains("no-such-call");
    }

    @Test
    void limit_defaults_to_100_and_goes_up_to_1000() {
        for (int i = 0; i < 1001; i++) {
            insert(Calls.dialing("bulk-" + i, "camp-bulk", Instant.parse("2024-02-01T00:00:00Z").plusSeconds(i)));
        }
        assertThat(ok("/campaigns/camp-bulk/cdrs").get("items")).hasSize(100);
        JsonNode max = ok("/campaigns/camp-bulk/cdrs?limit=1000");
        assertThat(max.get("items")).hasSize(1000);
        JsonNode last = ok("/campaigns/camp-bulk/cdrs?limit=1000&cursor=" + max.get("nextCursor").asText());
        assertThat(last.get("items")).extracting(cdr -> cdr.get("callId").asText()).containsExactly("bulk-0");
        assertThat(last.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void an_unknown_campaign_has_an_empty_list() {
        JsonNode page = ok("/campaigns/nobody/cdrs");
        assertThat(page.get("items")).isEmpty();
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void percent_encoded_ids_in_the_path_are_decoded() {
        insert(Calls.ended("avaya:1", "camp:a", Instant.parse("2024-01-15T10:00:00Z"), 10, Outcome.BUSY));
        assertThat(ok("/calls/avaya%3A1").get("campaignId").asText()).isEqualTo("camp:a");
        assertThat(ok("/campaigns/camp%3Aa/cdrs").get("items")).hasSize(1);
    }

    @Test
    void the_stage_prefix_of_a_named_stage_is_ignored() {
        APIGatewayV2HTTPResponse response = call(ApiEvents.fixture("get-campaign-stats-with-stage.json"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("totalAttempts").asLong()).isEqualTo(5);
        assertThat(json(response).get("tz").asText()).isEqualTo("Asia/Kolkata");
    }

    @Test
    void the_captured_event_fixture_is_answered() {
        APIGatewayV2HTTPResponse response = call(ApiEvents.fixture("get-campaign-cdrs.json"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(json(response).get("items")).extracting(cdr -> cdr.get("callId").asText())
                .containsExactly("next-day", "day-end", "mid-day", "day-start");
    }
}
