package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cdrplatform.query.dashboard.DashboardAssets;
import io.cdrplatform.query.dashboard.DashboardResponses;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The dashboard's page and assets through the Lambda handler, as API Gateway (payload 2.0) delivers them. */
class DashboardServingTest extends QueryStores {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(dashboard/[0-9a-f]{16}/[^\"]+)\"");

    /** GET without compression (the captured fixture's browser headers take gzip). */
    private APIGatewayV2HTTPResponse plain(String path) {
        return call(ApiEvents.get(path, Map.of("Accept-Encoding", "identity")));
    }

    @Test
    void the_page_is_html_revalidated_on_each_load_with_a_strict_content_security_policy() {
        APIGatewayV2HTTPResponse page = plain("/");

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getIsBase64Encoded()).isFalse();
        assertThat(page.getHeaders()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Cache-Control", "no-cache")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsKey("ETag");
        String policy = page.getHeaders().get("Content-Security-Policy");
        assertThat(policy).isEqualTo(DashboardResponses.CONTENT_SECURITY_POLICY)
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        assertThat(page.getBody()).contains("<script type=\"module\" src=\"dashboard/").doesNotContain("{{");
        assertThat(page.getBody()).doesNotContainPattern("<script>|\\son[a-z]+=|style=");
    }

    @Test
    void every_asset_the_page_names_is_served_under_the_content_version_and_cached_for_a_year() {
        String version = DashboardAssets.load().version();
        Matcher links = ASSET.matcher(plain("/").getBody());
        int count = 0;
        while (links.find()) {
            String path = "/" + links.group(1);
            assertThat(path).startsWith("/dashboard/" + version + "/");
            APIGatewayV2HTTPResponse asset = plain(path);
            assertThat(asset.getStatusCode()).as(path).isEqualTo(200);
            assertThat(asset.getHeaders()).as(path).containsEntry("Cache-Control", "public, max-age=31536000, immutable");
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(4);
        assertThat(plain("/dashboard/" + version + "/app.js").getHeaders()).containsEntry("Content-Type", "text/javascript; charset=utf-8");
        assertThat(plain("/dashboard/" + version + "/style.css").getHeaders()).containsEntry("Content-Type", "text/css; charset=utf-8");
        assertThat(plain("/dashboard/" + version + "/vendor/uPlot.esm.js").getBody()).contains("uPlot");
    }

    @Test
    void a_browser_taking_gzip_gets_the_compressed_bytes_base64_encoded_as_lambda_requires() throws IOException {
        String version = DashboardAssets.load().version();
        String path = "/dashboard/" + version + "/vendor/uPlot.esm.js";
        String plain = plain(path).getBody();

        APIGatewayV2HTTPResponse zipped = call(ApiEvents.get(path, Map.of("Accept-Encoding", "gzip, deflate, br")));

        assertThat(zipped.getIsBase64Encoded()).isTrue();
        assertThat(zipped.getHeaders()).containsEntry("Content-Encoding", "gzip").containsEntry("Vary", "Accept-Encoding");
        byte[] compressed = Base64.getDecoder().decode(zipped.getBody());
        assertThat(compressed.length).isLessThan(plain.length() / 2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain);
        }
        APIGatewayV2HTTPResponse refused = call(ApiEvents.get(path, Map.of("Accept-Encoding", "gzip;q=0, identity")));
        assertThat(refused.getIsBase64Encoded()).isFalse();
        assertThat(refused.getHeaders()).doesNotContainKey("Content-Encoding");
    }

    @Test
    void a_cached_copy_is_confirmed_with_304_and_no_body() {
        APIGatewayV2HTTPResponse first = plain("/");
        APIGatewayV2HTTPResponse again = call(ApiEvents.get("/", Map.of("If-None-Match", first.getHeaders().get("ETag"))));
        assertThat(again.getStatusCode()).isEqualTo(304);
        assertThat(again.getBody()).isEmpty();
        assertThat(call(ApiEvents.get("/", Map.of("If-None-Match", "\"other\""))).getStatusCode()).isEqualTo(200);
    }

    @Test
    void an_asset_asked_for_under_another_version_is_served_but_not_cached_and_an_unknown_one_is_a_404() {
        APIGatewayV2HTTPResponse old = get("/dashboard/0000000000000000/app.js");
        assertThat(old.getStatusCode()).isEqualTo(200);
        assertThat(old.getHeaders()).containsEntry("Cache-Control", "no-cache");
        for (String path : List.of("/dashboard/x/missing.js", "/dashboard/x/../pom.xml", "/dashboard/x/%2e%2e/index.html",
                "/dashboard/x/io/cdrplatform/query/QueryApi.class")) {
            APIGatewayV2HTTPResponse missing = get(path);
            assertThat(missing.getStatusCode()).as(path).isEqualTo(404);
            assertThat(json(missing).get("error").asText()).as(path).isEqualTo("asset_not_found");
        }
    }

    @Test
    void no_dashboard_source_writes_html_from_strings() {
        // every value from an event must reach the page as text: no HTML sinks in the modules
        for (Map.Entry<String, io.cdrplatform.query.dashboard.Asset> asset : DashboardAssets.load().assets().entrySet()) {
            if (asset.getKey().endsWith(".js") && !asset.getKey().startsWith("vendor/")) {
                String source = new String(asset.getValue().bytes(), StandardCharsets.UTF_8);
                assertThat(source).as(asset.getKey())
                        .doesNotContain(".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function");
            }
        }
    }
}
