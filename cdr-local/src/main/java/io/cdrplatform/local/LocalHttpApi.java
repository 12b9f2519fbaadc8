package io.cdrplatform.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdrplatform.query.QueryApi;
import io.cdrplatform.query.QueryHandler;
import io.cdrplatform.query.http.ApiRequest;
import io.cdrplatform.query.http.ApiResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API over plain HTTP: each request becomes the {@code APIGatewayV2HTTPEvent} API
 * Gateway would send, goes through the query Lambda's own request mapping and API, and its answer
 * is written back; a CSV export streams (chunked) instead of being buffered as Lambda must.
 */
final class LocalHttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalHttpApi.class);
    static final String HEALTH_PATH = "/health";

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY each answer waits
        // for the client's delayed ACK (about 40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final QueryApi api;
    private final HealthBoard health;

    private LocalHttpApi(HttpServer server, ExecutorService executor, QueryApi api, HealthBoard health) {
        this.server = server;
        this.executor = executor;
        this.api = api;
        this.health = health;
    }

    static LocalHttpApi start(QueryApi api, String host, int port) {
        return start(api, new HealthBoard(java.time.Clock.systemUTC()), host, port);
    }

    /** As {@link #start(QueryApi, String, int)}, answering {@code GET /health} from {@code health}. */
    static LocalHttpApi start(QueryApi api, HealthBoard health, String host, int port) {
        Ports.requireFree("The HTTP API", host, port, "LOCAL_HTTP_PORT");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 128);
        } catch (BindException e) {
            throw new PortInUseException("The HTTP API", host, port, "LOCAL_HTTP_PORT");
        } catch (IOException e) {
            throw new IllegalStateException("the HTTP API did not start: " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "http-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        LocalHttpApi httpApi = new LocalHttpApi(server, executor, api, health);
        server.createContext("/", httpApi::serve);
        server.start();
        return httpApi;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (HEALTH_PATH.equals(exchange.getRequestURI().getRawPath())) {
                serveHealth(exchange);
                return;
            }
            ApiResponse response;
            try {
                ApiRequest request = QueryHandler.toRequest(toEvent(exchange));
                response = api.handle(request);
            } catch (RuntimeException e) {
                LOG.error("request failed: {}", e.toString(), e);
                response = api.errors().toResponse(e);
            }
            write(exchange, response);
        } catch (IOException e) {
            LOG.debug("client went away: {}", e.toString());
        }
    }

    /**
     * {@code GET /health}: cdr-local as a whole, for a supervisor's probe (systemd, an orchestrator):
     * 200 when every component is up, 503 otherwise; the body lists each component.
     */
    private void serveHealth(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            byte[] body = "{\"error\":\"method_not_allowed\",\"message\":\"/health answers GET and HEAD\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(405, body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        HealthBoard.Answer answer = health.answer();
        int status = answer.status() == HealthBoard.Status.UP ? 200 : 503;
        byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    /** The event API Gateway (HTTP API, payload 2.0, $default stage) would hand to the Lambda. */
    static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.merge(name, value, (a, b) -> a + "," + b);
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(uri.getRawPath())
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withStage("$default")
                        .withRequestId(UUID.randomUUID().toString())
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod())
                                .withPath(uri.getRawPath())
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // a malformed escape stays as sent; the query API then rejects the parameter with a 400
            return text;
        }
    }

    private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (ApiResponse.CSV.equals(response.contentType()) && !head) {
            exchange.sendResponseHeaders(response.status(), 0);
            try (OutputStream out = exchange.getResponseBody()) {
                response.body().writeTo(out);
            }
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        response.body().writeTo(buffer);
        byte[] bytes = buffer.toByteArray();
        exchange.sendResponseHeaders(response.status(), head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
