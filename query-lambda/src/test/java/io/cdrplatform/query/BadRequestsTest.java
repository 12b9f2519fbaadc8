package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.query.testing.Calls;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BadRequestsTest extends QueryStores {

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            // the list
            "/campaigns/camp-1/cdrs?limit=0 | limit",
            "/campaigns/camp-1/cdrs?limit=1001 | limit",
            "/campaigns/camp-1/cdrs?limit=-5 | limit",
            "/campaigns/camp-1/cdrs?limit=ten | limit",
            "/campaigns/camp-1/cdrs?limit= | limit",
            "/campaigns/camp-1/cdrs?limit=99999999999 | limit",
            "/campaigns/camp-1/cdrs?limit=10&limit=20 | limit",
            "/campaigns/camp-1/cdrs?startDate=2024-13-01 | startDate",
            "/campaigns/camp-1/cdrs?startDate=2024-02-30 | startDate",
            "/campaigns/camp-1/cdrs?startDate=yesterday | startDate",
            "/campaigns/camp-1/cdrs?startDate=2024-01-15T10:00:00 | startDate",
            "/campaigns/camp-1/cdrs?startDate= | startDate",
            "/campaigns/camp-1/cdrs?endDate=15/01/2024 | endDate",
            "/campaigns/camp-1/cdrs?endDate=2024-01-15T25:00:00Z | endDate",
            "/campaigns/camp-1/cdrs?startDate=2024-01-16&endDate=2024-01-15 | endDate",
            "/campaigns/camp-1/cdrs?startDate=2024-01-15T10:00:00Z&endDate=2024-01-15T09:59:59Z | endDate",
            "/campaigns/camp-1/cdrs?outcome=hung_up | outcome",
            "/campaigns/camp-1/cdrs?outcome= | outcome",
            "/campaigns/camp-1/cdrs?outcome=busy,,failed | outcome",
            "/campaigns/camp-1/cdrs?cursor=not-a-cursor | cursor",
            "/campaigns/camp-1/cdrs?cursor=%%%% | cursor",
            "/campaigns/camp-1/cdrs?cursor= | cursor",
            "/campaigns/camp-1/cdrs?format=xml | format",
            "/campaigns/camp-1/cdrs?format=csv&limit=10 | limit",
            "/campaigns/camp-1/cdrs?start_date=2024-01-15 | start_date",
            "/campaigns/camp%20one/cdrs | campaignId",
            "/campaigns/camp$1/cdrs | campaignId",
            // the stats
            "/campaigns/camp-1/stats?tz=Mars/Olympus | tz",
            "/campaigns/camp-1/stats?tz= | tz",
            "/campaigns/camp-1/stats?tz=%2B05:07 | tz",
            "/campaigns/camp-1/stats?startDate=2024-1-5 | startDate",
            "/campaigns/camp-1/stats?endDate=never | endDate",
            "/campaigns/camp-1/stats?startDate=2024-02-02&endDate=2024-02-01 | endDate",
            "/campaigns/camp-1/stats?limit=10 | limit",
            "/campaigns/camp-1/stats?startDate=10000-01-01 | startDate",
            // live and single calls take no parameters
            "/campaigns/camp-1/live?verbose=1 | verbose",
            "/campaigns/a*b/live | campaignId",
            "/calls/abc?fields=all | fields",
            "/calls/has%20space | callId",
    })
    void a_bad_parameter_is_a_400_naming_it(String pathAndQuery, String parameter) {
        // when
        APIGatewayV2HTTPResponse response = get(pathAndQuery);

        // then
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(body.get("message").asText()).contains(parameter);
        assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void an_altered_cursor_is_a_400() {
        // given a real cursor
        for (int i = 0; i < 5; i++) {
            insert(Calls.ended("call-" + i, "camp-1", Instant.parse("2024-01-15T10:00:00Z").plusSeconds(i), 10, Outcome.BUSY));
        }
        String cursor = ok("/campaigns/camp-1/cdrs?limit=2").get("nextCursor").asText();
        char[] chars = cursor.toCharArray();
        chars[5] = chars[5] == 'A' ? 'B' : 'A';
        String altered = new String(chars);

        // when / then
        assertThat(get("/campaigns/camp-1/cdrs?limit=2&cursor=" + cursor).getStatusCode()).isEqualTo(200);
        for (String bad : new String[] {altered, cursor.substring(0, cursor.length() - 2), cursor + "AA"}) {
            APIGatewayV2HTTPResponse response = get("/campaigns/camp-1/cdrs?limit=2&cursor=" + bad);
            assertThat(response.getStatusCode()).isEqualTo(400);
            assertThat(json(response).get("message").asText()).contains("cursor");
        }
    }

    @Test
    void a_cursor_used_with_other_filters_or_another_campaign_is_a_400() {
        for (int i = 0; i < 5; i++) {
            insert(Calls.ended("call-" + i, "camp-1", Instant.parse("2024-01-15T10:00:00Z").plusSeconds(i), 10, Outcome.BUSY));
        }
        String cursor = ok("/campaigns/camp-1/cdrs?limit=2&outcome=busy").get("nextCursor").asText();

        assertThat(get("/campaigns/camp-1/cdrs?limit=2&outcome=busy&cursor=" + cursor).getStatusCode()).isEqualTo(200);
        assertThat(get("/campaigns/camp-1/cdrs?limit=2&cursor=" + cursor).getStatusCode()).isEqualTo(400);
        assertThat(get("/campaigns/camp-2/cdrs?limit=2&outcome=busy&cursor=" + cursor).getStatusCode()).isEqualTo(400);
        assertThat(get("/campaigns/camp-1/cdrs?limit=2&outcome=busy&startDate=2024-01-01&cursor=" + cursor).getStatusCode())
                .isEqualTo(400);
    }

    @Test
    void a_cursor_signed_with_another_secret_is_a_400() {
        for (int i = 0; i < 5; i++) {
            insert(Calls.ended("call-" + i, "camp-1", Instant.parse("2024-01-15T10:00:00Z").plusSeconds(i), 10, Outcome.BUSY));
        }
        String cursor = ok("/campaigns/camp-1/cdrs?limit=2").get("nextCursor").asText();
        QueryHandler otherDeployment = new QueryHandler(database, redisClient, "another-secret-of-16+chars",
                java.time.Clock.systemUTC());

        APIGatewayV2HTTPResponse response = otherDeployment.handleRequest(
                ApiEvents.get("/campaigns/camp-1/cdrs?limit=2&cursor=" + cursor), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0} -> 404")
    @CsvSource({"/index.html", "/campaign", "/campaigns/camp-1", "/campaigns/camp-1/calls", "/campaigns/camp-1/cdrs/extra",
            "/calls", "/calls/a/b", "/health"})
    void an_unknown_route_is_a_404(String path) {
        APIGatewayV2HTTPResponse response = get(path);
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("route_not_found");
    }

    @ParameterizedTest(name = "{0} {1} -> 405")
    @CsvSource({"POST,/campaigns/camp-1/cdrs", "DELETE,/calls/call-1", "PUT,/campaigns/camp-1/stats",
            "PATCH,/campaigns/camp-1/live"})
    void a_wrong_method_is_a_405_with_allow(String method, String path) {
        APIGatewayV2HTTPResponse response = call(ApiEvents.request(method, path, Map.of()));
        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Allow", "GET");
        assertThat(json(response).get("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void the_captured_post_fixture_is_a_405() {
        APIGatewayV2HTTPResponse response = call(ApiEvents.fixture("post-campaign-cdrs.json"));
        assertThat(response.getStatusCode()).isEqualTo(405);
    }
}
