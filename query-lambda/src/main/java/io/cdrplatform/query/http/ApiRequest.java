package io.cdrplatform.query.http;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the query API sees it, whatever carried it (API Gateway in Lambda, a plain
 * HTTP server in cdr-local).
 *
 * @param path    the path without stage prefix, still percent-encoded
 * @param query   the parameters of the raw query string
 * @param headers header names lower-cased (as API Gateway payload 2.0 delivers them)
 */
public record ApiRequest(String method, String path, QueryParameters query, Map<String, String> headers) {

    public ApiRequest {
        method = method == null ? "" : method.toUpperCase(Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : path;
        query = query == null ? QueryParameters.parse(null) : query;
        TreeMap<String, String> lower = new TreeMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    lower.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
                }
            });
        }
        headers = Map.copyOf(lower);
    }

    public static ApiRequest get(String pathAndQuery) {
        int mark = pathAndQuery.indexOf('?');
        String path = mark < 0 ? pathAndQuery : pathAndQuery.substring(0, mark);
        String rawQuery = mark < 0 ? null : pathAndQuery.substring(mark + 1);
        return new ApiRequest("GET", path, QueryParameters.parse(rawQuery), Map.of());
    }

    /** A header's value, or null; the name is matched case-insensitively. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
