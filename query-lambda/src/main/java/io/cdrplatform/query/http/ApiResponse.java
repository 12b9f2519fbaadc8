package io.cdrplatform.query.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A status, headers and a body that is written on demand, so that a plain HTTP server can stream
 * it while the Lambda adapter buffers it (within Lambda's response size limit).
 */
public record ApiResponse(int status, Map<String, String> headers, ResponseBody body) {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String CSV = "text/csv; charset=utf-8";

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, ResponseBody body) {
        return new ApiResponse(status, Map.of("Content-Type", JSON), body);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, more, body);
    }

    public String contentType() {
        return headers.get("Content-Type");
    }

    /**
     * Whether the body is bytes rather than UTF-8 text: compressed ({@code Content-Encoding}) or of a
     * type that is not text. Lambda's response must then carry it base64-encoded.
     */
    public boolean binary() {
        if (headers.containsKey("Content-Encoding")) {
            return true;
        }
        String type = contentType();
        return type != null && !(type.startsWith("text/") || type.startsWith("application/json")
                || type.startsWith("application/javascript") || type.startsWith("image/svg+xml"));
    }
}
