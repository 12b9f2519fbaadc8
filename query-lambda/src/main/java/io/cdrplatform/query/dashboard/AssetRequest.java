package io.cdrplatform.query.dashboard;

import io.cdrplatform.query.http.ApiRequest;
import java.util.List;
import java.util.Locale;

/**
 * What a browser asks of the dashboard: the page ({@code GET /}) or one asset
 * ({@code GET /dashboard/<version>/<name>}), with its conditional and encoding headers. Query
 * parameters are ignored: the files are static and the page keeps its state in the URL fragment.
 *
 * @param version      the version segment of an asset URL (null for the page)
 * @param name         the asset's name below the version (null for the page)
 * @param ifNoneMatch  the {@code If-None-Match} header, or null
 * @param acceptsGzip  whether {@code Accept-Encoding} allows gzip
 */
public record AssetRequest(String version, String name, String ifNoneMatch, boolean acceptsGzip) {

    public boolean isPage() {
        return name == null;
    }

    public static AssetRequest page(ApiRequest request) {
        return new AssetRequest(null, null, request.header("If-None-Match"), acceptsGzip(request));
    }

    /** From the path segments after {@code dashboard}: the version, then the name's segments. */
    public static AssetRequest asset(ApiRequest request, List<String> segments) {
        String version = segments.isEmpty() ? "" : segments.get(0);
        String name = segments.size() < 2 ? "" : String.join("/", segments.subList(1, segments.size()));
        return new AssetRequest(version, name, request.header("If-None-Match"), acceptsGzip(request));
    }

    /** gzip listed without {@code q=0} (browsers send {@code gzip, deflate, br}). */
    static boolean acceptsGzip(ApiRequest request) {
        String accepted = request.header("Accept-Encoding");
        if (accepted == null) {
            return false;
        }
        for (String part : accepted.toLowerCase(Locale.ROOT).split(",")) {
            String[] pieces = part.trim().split(";");
            String coding = pieces[0].trim();
            if (coding.equals("gzip") || coding.equals("*")) {
                boolean refused = false;
                for (int i = 1; i < pieces.length; i++) {
                    String parameter = pieces[i].replace(" ", "");
                    if (parameter.startsWith("q=") && parameter.substring(2).matches("0(\\.0{0,3})?")) {
                        refused = true;
                    }
                }
                if (!refused) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the browser's cached copy (its {@code If-None-Match}) is this entity tag. */
    boolean matches(String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
