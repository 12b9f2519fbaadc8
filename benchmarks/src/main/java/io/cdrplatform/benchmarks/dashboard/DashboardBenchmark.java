package io.cdrplatform.benchmarks.dashboard;

import io.cdrplatform.query.campaigns.CampaignListRequest;
import io.cdrplatform.query.campaigns.CampaignListService;
import io.cdrplatform.query.campaigns.RedisCampaignIndex;
import io.cdrplatform.query.live.LiveCounters;
import io.cdrplatform.query.live.RedisLiveCounters;
import io.cdrplatform.query.stores.RedisReads;
import io.cdrplatform.reliability.local.CdrLocalProcess;
import io.cdrplatform.store.clients.StoreClients;
import io.cdrplatform.store.redis.CallStateHash;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.cdrplatform.reliability.local.LocalEnvironment;
import io.cdrplatform.testsupport.HeadlessChromium;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

/**
 * The dashboard's speed as an operator sees it, on cdr-local as shipped (child process, embedded
 * stores) and a real headless Chromium:
 * <ul>
 *   <li><b>publish -> on screen</b>: the campaign view open with the 1 s refresh; a new call is published
 *       with {@code PublishBatch} at a random moment of the refresh cycle; the page records (a
 *       MutationObserver, page clock) when the attempts counter shows it; latency = that moment minus
 *       the moment {@code PublishBatch} was answered. Baseline in the same run: the same publish
 *       followed by {@code GET /live} polled every 10 ms (what the API alone allows);</li>
 *   <li><b>GET /campaigns</b> with 1,000 active campaigns ({@code limit=1000}), sequential, served from
 *       the campaign index; baselines: the same page built in this JVM by the interim SCAN list of
 *       phase A ({@link InterimScanningList}) against the index in-process, on the keyspace as loaded
 *       and with 100,000 per-call hashes added; and what a dashboard without the route does, one
 *       {@code GET /live} per campaign;</li>
 *   <li><b>first render</b> of the bird's-eye view with 1,000 campaigns: navigation start to the
 *       page's {@code cdr-dashboard:first-render} mark (every card in the DOM); baseline: the same
 *       page with 10 campaigns.</li>
 * </ul>
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.cdrplatform.benchmarks.dashboard.DashboardBenchmark
 * [cdr-local.jar=cdr-local/target/cdr-local.jar] [publishes=100] [campaigns=1000]}
 */
public final class DashboardBenchmark {

    private static final String MARK = "cdr-dashboard:first-render";

    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "cdr-local/target/cdr-local.jar");
        int publishes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int campaigns = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        System.out.printf("machine: %d cores, %s %s, %s, load average at start %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), HeadlessChromium.version(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path root = Files.createTempDirectory("dashboard-bench-");
        LocalEnvironment env = LocalEnvironment.onFreePorts(root.resolve("data")).with("LOCAL_BRIDGE", "false");
        HttpClient http = HttpClient.newHttpClient();
        try (CdrLocalProcess local = new CdrLocalProcess(jar, env, root.resolve("cdr-local.log"), List.of()).start();
             SnsClient sns = SnsClient.builder().endpointOverride(env.snsEndpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             HeadlessChromium chromium = HeadlessChromium.start(root, null)) {
            ChromeDriver browser = chromium.driver();
            String base = env.httpApi().toString().replaceAll("/?$", "/");

            // 10 campaigns first (the render baseline), then the rest up to `campaigns`
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            seed(sns, 0, 10, now);
            Histogram small = firstRender(browser, base, 10, 12);
            seed(sns, 10, campaigns, now);
            Histogram large = firstRender(browser, base, campaigns, 12);
            report("first render, " + campaigns + " campaigns (ms, 12 loads, first 2 discarded)", large, 1);
            report("first render, 10 campaigns, baseline (ms)", small, 1);

            // GET /campaigns with `campaigns` active: the route, against one GET /live per campaign
            URI list = URI.create(base + "campaigns?activeSince=PT1H&limit=1000");
            for (int i = 0; i < 50; i++) {
                get(http, list);
            }
            Histogram perCampaign = new Histogram(3);
            for (int round = 0; round < 10; round++) {
                long started = System.nanoTime();
                for (int c = 0; c < campaigns; c++) {
                    get(http, URI.create(base + "campaigns/" + campaign(c) + "/live"));
                }
                perCampaign.recordValue((System.nanoTime() - started) / 1000);
            }
            // and against the interim SCAN list of phase A, in this JVM on cdr-local's Redis, as loaded
            // and with 100,000 per-call hashes more in the keyspace (a few days of calls)
            RedisClient redisClient = StoreClients.redis(env.redisUri(), Duration.ofSeconds(2), Duration.ofSeconds(60));
            try (StatefulRedisConnection<String, String> connection = redisClient.connect();
                 RedisReads reads = new RedisReads(redisClient)) {
                RedisLiveCounters live = new RedisLiveCounters(reads);
                CampaignListService indexed = new CampaignListService(new RedisCampaignIndex(reads), live);
                InterimScanningList interim = new InterimScanningList(connection, live);
                Instant since = Instant.now().minus(Duration.ofHours(1));
                for (String keyspace : List.of("as loaded", "+100,000 per-call hashes")) {
                    if (!keyspace.equals("as loaded")) {
                        fillKeyspace(connection, 100_000);
                    }
                    long keys = connection.sync().dbsize();
                    List<String> fromIndex = indexed.page(new CampaignListRequest(since, 1000, null)).items().stream()
                            .map(LiveCounters::campaignId).toList();
                    List<String> fromScan = interim.firstPage(since, 1000).stream().map(LiveCounters::campaignId).toList();
                    if (fromIndex.size() != campaigns || !fromIndex.equals(fromScan)) {
                        throw new IllegalStateException("index and SCAN disagree: " + fromIndex.size() + " vs " + fromScan.size());
                    }
                    Histogram route = new Histogram(3);
                    Histogram inProcess = new Histogram(3);
                    Histogram scan = new Histogram(3);
                    for (int round = 0; round < 10; round++) {
                        for (int i = 0; i < 20; i++) {
                            long started = System.nanoTime();
                            get(http, list);
                            route.recordValue((System.nanoTime() - started) / 1000);
                            started = System.nanoTime();
                            indexed.page(new CampaignListRequest(since, 1000, null));
                            inProcess.recordValue((System.nanoTime() - started) / 1000);
                        }
                        for (int i = 0; i < 3; i++) {
                            long started = System.nanoTime();
                            interim.firstPage(since, 1000);
                            scan.recordValue((System.nanoTime() - started) / 1000);
                        }
                    }
                    String where = campaigns + " active, " + keys + " keys in Redis (" + keyspace + ")";
                    report("GET /campaigns?limit=1000, " + where + " (ms, 200 requests)", route, 1000);
                    report("  the same page in-process: index + pipelined counters (ms, 200)", inProcess, 1000);
                    report("  baseline, interim SCAN list + per-campaign counters, in-process (ms, 30)", scan, 1000);
                    System.out.printf("  -> the index is %.1fx faster than the interim SCAN list at p50 (in-process)%n",
                            scan.getValueAtPercentile(50) / (double) inProcess.getValueAtPercentile(50));
                }
            } finally {
                redisClient.shutdown();
            }
            report("baseline: " + campaigns + " x GET /live, sequential (ms per sweep, 10 sweeps)", perCampaign, 1000);

            // publish -> on screen, 1 s refresh
            browser.get(base + "#/");
            browser.executeScript("localStorage.setItem('cdr-dashboard.refreshSeconds', '1')");
            browser.get(base + "#/campaigns/screen");
            browser.navigate().refresh();
            Random random = new Random(11);
            Histogram screen = new Histogram(3);
            Histogram api = new Histogram(3);
            Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            publish(sns, "screen", "screen-warm", start);
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> "1".equals(counter(browser)));
            browser.executeScript("window.__shown = []; const node = document.querySelector('[data-field=live-totalAttempts]');"
                    + "new MutationObserver(() => window.__shown.push([node.textContent, Date.now()]))"
                    + ".observe(node, {childList: true, characterData: true, subtree: true});");
            for (int i = 1; i <= publishes; i++) {
                TimeUnit.MILLISECONDS.sleep(random.nextInt(1000));
                publish(sns, "screen", "screen-" + i, start.plusMillis(i));
                long answered = System.currentTimeMillis();
                String expected = Integer.toString(i + 1);
                long shownAt = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(20)).until(driver -> {
                    Object at = browser.executeScript("const hit = window.__shown.find(e => e[0] === arguments[0]);"
                            + "return hit ? hit[1] : null;", expected);
                    return at == null ? null : ((Number) at).longValue();
                });
                screen.recordValue(Math.max(0, shownAt - answered));
                // baseline: the same kind of publish, then the API polled directly
                publish(sns, "api", "api-" + i, start.plusMillis(i));
                long apiAnswered = System.nanoTime();
                while (!get(http, URI.create(base + "campaigns/api/live")).contains("\"totalAttempts\":" + i + ",")) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                api.recordValue((System.nanoTime() - apiAnswered) / 1_000_000);
            }
            report("publish answered -> new value on screen, 1 s refresh (ms, " + publishes + " publishes)", screen, 1);
            report("baseline: publish answered -> GET /live shows it, polled every 10 ms (ms)", api, 1);
            System.out.printf("browser console errors: %d; load average at end %.2f%n", chromium.consoleErrors().size(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** {@code count} per-call state hashes as the logger leaves them (its key and fields), pipelined. */
    private static void fillKeyspace(StatefulRedisConnection<String, String> connection, int count) {
        RedisAsyncCommands<String, String> async = connection.async();
        List<RedisFuture<Long>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pending.add(async.hset(CallStateHash.key("filler-" + i), Map.of(
                    CallStateHash.Field.VERSION.fieldName(), "3", CallStateHash.Field.CAMPAIGN.fieldName(), "filler",
                    CallStateHash.Field.COUNTERS.fieldName(), "5", CallStateHash.Field.ACTION_TYPES.fieldName(), "")));
            if (pending.size() == 1000) {
                pending.forEach(future -> future.toCompletableFuture().join());
                pending.clear();
            }
        }
        pending.forEach(future -> future.toCompletableFuture().join());
    }

    private static String campaign(int i) {
        return String.format("bench-%04d", i);
    }

    private static String counter(ChromeDriver browser) {
        Object text = browser.executeScript("const n = document.querySelector('[data-field=live-totalAttempts]');"
                + "return n ? n.textContent : null;");
        return text == null ? null : text.toString();
    }

    private static Histogram firstRender(ChromeDriver browser, String base, int expected, int loads) {
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < loads; i++) {
            browser.get(base + "#/?window=hour");
            browser.navigate().refresh();
            double at = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(20)).until(driver -> {
                Object mark = browser.executeScript("const m = performance.getEntriesByName(arguments[0]);"
                        + "return m.length && document.querySelectorAll('a.card').length >= arguments[1] ? m[0].startTime : null;",
                        MARK, expected);
                return mark == null ? null : ((Number) mark).doubleValue();
            });
            if (i >= 2) {
                histogram.recordValue(Math.round(at));
            }
        }
        return histogram;
    }

    private static void seed(SnsClient sns, int from, int to, Instant now) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        for (int i = from; i < to; i++) {
            entries.add(PublishBatchRequestEntry.builder().id("e" + i).message(event(campaign(i) + "-call", campaign(i),
                    now.minusMillis(i))).build());
            if (entries.size() == 10 || i == to - 1) {
                List<PublishBatchRequestEntry> batch = List.copyOf(entries);
                sns.publishBatch(request -> request.topicArn(LocalEnvironment.TOPIC_ARN).publishBatchRequestEntries(batch));
                entries.clear();
            }
        }
    }

    private static void publish(SnsClient sns, String campaign, String callId, Instant at) {
        PublishBatchRequestEntry entry = PublishBatchRequestEntry.builder().id("one").message(event(callId, campaign, at)).build();
        if (!sns.publishBatch(request -> request.topicArn(LocalEnvironment.TOPIC_ARN).publishBatchRequestEntries(entry))
                .failed().isEmpty()) {
            throw new IllegalStateException("publish failed");
        }
    }

    private static String event(String callId, String campaign, Instant at) {
        return "{\"callId\":\"" + callId + "\",\"campaignId\":\"" + campaign
                + "\",\"eventType\":\"call_initiated\",\"timestamp\":\"" + at + "\"}";
    }

    private static String get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static void report(String what, Histogram histogram, double divisor) {
        System.out.printf("%s: p50 %.1f, p99 %.1f, max %.1f (n=%d)%n", what, histogram.getValueAtPercentile(50) / divisor,
                histogram.getValueAtPercentile(99) / divisor, histogram.getMaxValue() / divisor, histogram.getTotalCount());
    }
}
