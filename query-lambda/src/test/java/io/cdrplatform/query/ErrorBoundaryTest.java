package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cdrplatform.query.failure.BadParameterException;
import io.cdrplatform.query.failure.NotFoundException;
import io.cdrplatform.query.failure.StoreUnavailableException;
import io.cdrplatform.query.http.ApiResponse;
import io.cdrplatform.query.http.ErrorMapper;
import io.cdrplatform.query.http.MethodNotAllowedException;
import io.cdrplatform.query.http.PayloadTooLargeException;
import io.cdrplatform.query.http.RouteNotFoundException;
import io.cdrplatform.testsupport.FreePorts;
import io.lettuce.core.RedisClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The query API's one error boundary: readers, services and repositories throw the domain's failures
 * ({@code query.failure}), the store adapters translate their driver's outages into
 * {@link StoreUnavailableException} (through {@code query.stores}), and {@link ErrorMapper} alone turns
 * a failure into a status code and an error body.
 */
class ErrorBoundaryTest extends QueryStores {

    private static final Path SOURCES = Path.of("src/main/java/io/cdrplatform/query");
    private final ErrorMapper errors = new ErrorMapper();

    @Test
    void each_failure_has_its_status_error_code_and_message() {
        assertError(new BadParameterException("limit", "limit must be a whole number"), 400, "invalid_parameter",
                "limit must be a whole number");
        assertError(new NotFoundException(NotFoundException.Subject.CALL, "no CDR with callId c-1"), 404,
                "call_not_found", "no CDR with callId c-1");
        assertError(new NotFoundException(NotFoundException.Subject.DASHBOARD_FILE, "no dashboard file 'x.js'"), 404,
                "asset_not_found", "no dashboard file 'x.js'");
        assertError(new RouteNotFoundException("no route /x"), 404, "route_not_found", "no route /x");
        assertError(new PayloadTooLargeException("too large"), 413, "response_too_large", "too large");
        assertError(new StoreUnavailableException(StoreUnavailableException.Store.MONGODB, "MongoDB is away", null), 503,
                "mongodb_unavailable", "MongoDB is away");
        assertError(new StoreUnavailableException(StoreUnavailableException.Store.REDIS, "Redis is away", null), 503,
                "redis_unavailable", "Redis is away");
    }

    @Test
    void a_method_not_allowed_says_which_one_is() {
        ApiResponse response = errors.toResponse(new MethodNotAllowedException("POST", "GET"));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "GET");
        assertThat(body(response)).contains("\"error\":\"method_not_allowed\"");
    }

    @Test
    void anything_else_is_a_500_whose_details_stay_in_the_log() {
        ApiResponse response = errors.toResponse(new IllegalStateException("secret detail"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(body(response)).isEqualTo("{\"error\":\"internal_error\","
                + "\"message\":\"the request failed on the server; the error is logged\"}");
    }

    @Test
    void redis_down_is_a_503_on_the_campaign_list_and_the_live_counters_each_with_its_message() {
        // given a handler whose Redis does not listen
        RedisClient nowhere = RedisClient.create("redis://127.0.0.1:" + FreePorts.next());
        try {
            QueryHandler own = new QueryHandler(database, nowhere, SECRET, Clock.systemUTC());

            // when
            APIGatewayV2HTTPResponse list = own.handleRequest(ApiEvents.get("/campaigns"), null);
            APIGatewayV2HTTPResponse live = own.handleRequest(ApiEvents.get("/campaigns/camp-1/live"), null);

            // then
            assertThat(list.getStatusCode()).isEqualTo(503);
            assertThat(json(list).get("error").asText()).isEqualTo("redis_unavailable");
            assertThat(json(list).get("message").asText())
                    .isEqualTo("Redis does not answer, so the campaign list is not available; try again later");
            assertThat(live.getStatusCode()).isEqualTo(503);
            assertThat(json(live).get("error").asText()).isEqualTo("redis_unavailable");
            assertThat(json(live).get("message").asText())
                    .isEqualTo("Redis does not answer, so live counters are not available; try again later");
        } finally {
            nowhere.shutdown();
        }
    }

    @Test
    void only_the_error_mapper_and_the_router_know_http_failures_and_only_the_store_adapters_know_drivers() {
        for (Path source : sources()) {
            String text = read(source);
            String where = SOURCES.relativize(source).toString().replace('\\', '/');
            if (where.startsWith("http/") || where.startsWith("failure/")) {
                assertThat(text).as(where + " names no store driver").doesNotContain("import com.mongodb")
                        .doesNotContain("import io.lettuce");
            }
            if (where.contains("/") && !where.startsWith("http/")) {
                assertThat(text).as(where + " throws the domain's failures, not HTTP's")
                        .doesNotContainPattern(Pattern.compile(
                                "query\\.http\\.(RouteNotFoundException|MethodNotAllowedException|PayloadTooLargeException)"));
            }
            if (!where.startsWith("stores/")) {
                assertThat(text).as(where + " leaves store outages to query.stores")
                        .doesNotContain("new StoreUnavailableException(")
                        .doesNotContain("MongoTimeoutException")
                        .doesNotContain("MongoSocketException");
            }
        }
    }

    private void assertError(RuntimeException failure, int status, String code, String message) {
        ApiResponse response = errors.toResponse(failure);
        assertThat(response.status()).as(failure.toString()).isEqualTo(status);
        assertThat(body(response)).isEqualTo("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    private static String body(ApiResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            response.body().writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> sources = new ArrayList<>(files.filter(path -> path.toString().endsWith(".java")).toList());
            assertThat(sources).isNotEmpty();
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
