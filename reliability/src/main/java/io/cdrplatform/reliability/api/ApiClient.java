package io.cdrplatform.reliability.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The HTTP API of CONTRACT section 4 as a client sees it: plain GETs, JSON answers. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;

    /** @param base scheme, host and port; paths are appended as given (so {@code //x} stays a path) */
    public ApiClient(URI base) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Status and body of one request. */
    public record Answer(int status, String body, String contentType) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + "): " + abbreviate(body), e);
            }
        }

        private static String abbreviate(String text) {
            return text.length() > 300 ? text.substring(0, 300) + "..." : text;
        }
    }

    /** GET of a path with its query string already encoded. */
    public Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET(), null);
    }

    public Answer get(String pathAndQuery, String accept) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET(), accept);
    }

    public Answer send(String method, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).method(method, HttpRequest.BodyPublishers.noBody()),
                null);
    }

    private Answer send(HttpRequest.Builder request, String accept) {
        request.timeout(Duration.ofSeconds(120));
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException("HTTP request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A 200 JSON answer, or an exception naming what came back instead. */
    public JsonNode getJson(String pathAndQuery) {
        Answer answer = get(pathAndQuery);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    /** Every CDR of a campaign (optionally in a start-time range), walking {@code nextCursor} page by page. */
    public List<JsonNode> allCdrs(String campaignId, String rangeQuery, int pageSize) {
        List<JsonNode> cdrs = new ArrayList<>();
        String cursor = null;
        do {
            StringBuilder path = new StringBuilder("/campaigns/").append(encode(campaignId)).append("/cdrs?limit=")
                    .append(pageSize);
            if (rangeQuery != null && !rangeQuery.isEmpty()) {
                path.append('&').append(rangeQuery);
            }
            if (cursor != null) {
                path.append("&cursor=").append(encode(cursor));
            }
            JsonNode page = getJson(path.toString());
            page.get("items").forEach(cdrs::add);
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return cdrs;
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
