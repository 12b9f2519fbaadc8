package io.cdrplatform.query;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.HashMap;
import java.util.Map;

/**
 * API Gateway HTTP API (payload 2.0) events for tests: a real captured-shape fixture from
 * {@code src/test/resources/events/}, with its path, query string, method and headers replaced.
 */
final class ApiEvents {

    private ApiEvents() {
    }

    static APIGatewayV2HTTPEvent fixture(String name) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + name);
    }

    /** GET {@code pathAndQuery} (raw, as a client would send it). */
    static APIGatewayV2HTTPEvent get(String pathAndQuery) {
        return request("GET", pathAndQuery, Map.of());
    }

    static APIGatewayV2HTTPEvent get(String pathAndQuery, Map<String, String> headers) {
        return request("GET", pathAndQuery, headers);
    }

    static APIGatewayV2HTTPEvent request(String method, String pathAndQuery, Map<String, String> extraHeaders) {
        APIGatewayV2HTTPEvent event = fixture("get-campaign-cdrs.json");
        int mark = pathAndQuery.indexOf('?');
        String path = mark < 0 ? pathAndQuery : pathAndQuery.substring(0, mark);
        String query = mark < 0 ? "" : pathAndQuery.substring(mark + 1);
        event.setRawPath(path);
        event.setRawQueryString(query);
        // API Gateway's decoded map is ignored by the handler (it parses rawQueryString)
        event.setQueryStringParameters(null);
        event.getRequestContext().getHttp().setPath(path);
        event.getRequestContext().getHttp().setMethod(method);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        extraHeaders.forEach((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), value));
        event.setHeaders(headers);
        return event;
    }
}
