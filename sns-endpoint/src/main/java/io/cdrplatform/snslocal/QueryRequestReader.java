package io.cdrplatform.snslocal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HTTP request of the AWS query protocol: parameters from the URL query and, for POST,
 * the {@code application/x-www-form-urlencoded} body (body wins); the region from the SigV4
 * credential scope. Signatures are not checked (a local endpoint has no secret to check them with).
 */
final class QueryRequestReader {
    private static final Pattern CREDENTIAL_SCOPE =
            Pattern.compile("Credential=[^/,\\s]*/\\d{8}/([a-z0-9-]{1,32})/sns/aws4_request");

    private final String defaultRegion;

    QueryRequestReader(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    QueryRequest read(String requestId, String method, String rawQuery, String contentType, byte[] body,
            String authorization) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            decodeForm(rawQuery, params);
        }
        if ("POST".equals(method) && body.length > 0) {
            if (contentType != null && !isForm(contentType)) {
                throw new SnsException(SnsErrorCode.INVALID_ACTION,
                        "Only the SNS query protocol (application/x-www-form-urlencoded) is supported, not "
                                + SafeTextFields.escape(contentType));
            }
            decodeForm(new String(body, StandardCharsets.UTF_8), params);
        }
        String region = regionOf(authorization);
        if (region == null) {
            region = regionOf(params.get("X-Amz-Credential") == null ? null : "Credential=" + params.get("X-Amz-Credential"));
        }
        return new QueryRequest(requestId, region == null ? defaultRegion : region, new QueryParams(params));
    }

    private static boolean isForm(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    static void decodeForm(String form, Map<String, String> into) {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                into.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new SnsException(SnsErrorCode.MALFORMED_QUERY_STRING,
                        "Malformed percent-encoding in parameter " + SafeTextFields.escape(name));
            }
        }
    }

    private static String regionOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher matcher = CREDENTIAL_SCOPE.matcher(authorization);
        return matcher.find() ? matcher.group(1) : null;
    }
}
