package io.cdrplatform.query.dashboard;

import io.cdrplatform.query.http.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a dashboard file as an HTTP answer: the caching rule (the page is revalidated on every
 * load; a versioned asset is immutable for a year; an asset asked for under another version, as a
 * page from before a deploy does, is served but not cached), gzip when the browser takes it, 304
 * for a matching {@code If-None-Match}, and the security headers.
 */
public final class DashboardResponses {

    /**
     * Everything from this origin only, no inline script or style, no plugins, no framing. uPlot
     * sets styles through the CSSOM (element.style), which {@code style-src 'self'} allows.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final String PAGE_CACHE = "no-cache";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private DashboardResponses() {
    }

    public static ApiResponse write(Asset asset, AssetRequest request, boolean current) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", asset.contentType());
        headers.put("Cache-Control", request.isPage() || !current ? PAGE_CACHE : IMMUTABLE);
        headers.put("ETag", asset.etag());
        headers.put("X-Content-Type-Options", "nosniff");
        if (request.isPage()) {
            headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.put("Referrer-Policy", "no-referrer");
            headers.put("X-Frame-Options", "DENY");
        }
        if (asset.compressible()) {
            headers.put("Vary", "Accept-Encoding");
        }
        if (request.matches(asset.etag())) {
            return new ApiResponse(304, headers, out -> { });
        }
        if (asset.compressible() && request.acceptsGzip()) {
            headers.put("Content-Encoding", "gzip");
            byte[] gzipped = asset.gzipped();
            return new ApiResponse(200, headers, out -> out.write(gzipped));
        }
        byte[] bytes = asset.bytes();
        return new ApiResponse(200, headers, out -> out.write(bytes));
    }
}
