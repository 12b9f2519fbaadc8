package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.testsupport.FreePorts;
import io.cdrplatform.testsupport.HeadlessChromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * The dashboard in a real headless Chromium against a cdr-local started here, fed through its SNS
 * endpoint with the AWS SDK as a dialer would. The browser runs in Asia/Tehran (UTC+03:30 all year since 2022), so
 * "the browser's zone" is never UTC. Every test ends with no console error (CSP violations, failed
 * loads and uncaught exceptions are console errors) and leaves a screenshot under
 * {@code target/dashboard-screenshots/}.
 */
class DashboardBrowserTest {

    private static final String BROWSER_ZONE = "Asia/Tehran";
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final Duration RENDER = Duration.ofSeconds(20);

    @TempDir
    static Path work;

    private static CdrLocal local;
    private static SnsClient sns;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeFalse(HeadlessChromium.skipRequested(), "browser tests skipped (-Dbrowser.tests.skip=true)");
        if (!HeadlessChromium.installed()) {
            throw new IllegalStateException(HeadlessChromium.INSTALL_HINT);
        }
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", work.resolve("data").toString());
        env.put("LOCAL_MONGO_PORT", Integer.toString(FreePorts.next()));
        env.put("LOCAL_REDIS_PORT", Integer.toString(FreePorts.next()));
        env.put("LOCAL_SNS_PORT", Integer.toString(FreePorts.next()));
        env.put("LOCAL_HTTP_PORT", Integer.toString(FreePorts.next()));
        env.put("LOCAL_BRIDGE", "false");
        local = CdrLocal.start(env);
        sns = LocalSnsClients.forPort(local.snsPort());
        chromium = HeadlessChromium.start(work, BROWSER_ZONE);
        browser = chromium.driver();
        base = "http://127.0.0.1:" + local.httpPort() + "/";
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {chromium, sns, local}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    @AfterEach
    void screenshotAndNoConsoleErrors(TestInfo test) {
        chromium.screenshot(SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
        assertThat(chromium.consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void everyViewRendersWithoutConsoleErrors() {
        // given a campaign with ended and running calls, an action and DTMF digits
        Instant start = Instant.parse("2024-01-15T10:00:00Z");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String callId = "views-" + i;
            Instant at = start.plusSeconds(i * 600L);
            events.add(event(callId, "views", "call_initiated", at, ",\"phoneNumber\":\"+4930123456" + i + "\""));
            if (i % 2 == 0) {
                events.add(event(callId, "views", "call_answered", at.plusSeconds(4), ""));
                events.add(event(callId, "views", "dtmf_pressed", at.plusSeconds(8), ",\"digit\":\"" + (i % 10) + "\""));
                events.add(event(callId, "views", "action_triggered", at.plusSeconds(9),
                        ",\"action\":{\"type\":\"transfer\",\"parameters\":{\"queue\":\"sales\"}}"));
                events.add(event(callId, "views", "call_ended", at.plusSeconds(70), ",\"outcome\":\"" + (i % 4 == 0 ? "converted" : "answered") + "\""));
            }
        }
        publish(events);

        // when each view is opened, then it shows its data
        open("#/?window=all");
        waitFor(() -> card("views") != null);
        assertThat(card("views").findElement(By.cssSelector("[data-field=totalAttempts]")).getText()).isEqualTo("8");
        chromium.screenshot(SCREENSHOTS.resolve("overview.png"));

        open("#/campaigns/views?from=2024-01-15&to=2024-01-15&tz=Europe/Berlin");
        waitFor(() -> text("[data-field=live-totalAttempts]").equals("8") && rows().size() == 8
                && text("[data-field=stats-totalAttempts]").equals("8"));
        assertThat(text("[data-field=live-converted]")).isEqualTo("2");
        assertThat(browser.findElements(By.cssSelector("[data-testid=hour-chart] canvas"))).isNotEmpty();
        chromium.fullPageScreenshot(SCREENSHOTS.resolve("campaign.png"));

        rows().get(0).click();
        waitFor(() -> browser.getCurrentUrl().contains("#/calls/views-") && !browser.findElements(By.cssSelector("[data-testid=call-record]")).isEmpty());
        open("#/calls/views-0?tz=Europe/Berlin");
        waitFor(() -> text("[data-testid=call-record] [data-field='DTMF digits']").equals("0"));
        assertThat(text("[data-testid=call-actions]")).contains("transfer").contains("sales");
        assertThat(text("[data-testid=call-record] [data-field=startTime]")).startsWith("2024-01-15 11:00:00 Europe/Berlin");
        chromium.screenshot(SCREENSHOTS.resolve("call.png"));
    }

    @Test
    void aCounterOnScreenChangesWithinTwoSecondsOfAPublish() {
        // given the campaign view refreshing every second, showing one call
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish(List.of(event("now-1", "now", "call_initiated", now, "")));
        open("#/");
        browser.executeScript("localStorage.setItem('cdr-dashboard.refreshSeconds', '1')");
        open("#/campaigns/now");
        waitFor(() -> text("[data-field=live-totalAttempts]").equals("1"));
        assertThat(browser.findElement(By.id("interval")).getAttribute("value")).isEqualTo("1");

        // when a second call is published
        publish(List.of(event("now-2", "now", "call_initiated", now.plusMillis(1), "")));

        // then the counter on screen shows it within the 2 s
        new WebDriverWait(browser, Duration.ofSeconds(2), Duration.ofMillis(50))
                .until(driver -> text("[data-field=live-totalAttempts]").equals("2"));
        assertThat(text("#status")).startsWith("updated");
    }

    @Test
    void countersBeingRebuiltShowTheRebuildingBadgeUntilTheyAreWholeAgain() {
        // given a campaign on screen, and the counters' marker saying a rebuild runs (as while cdr-local rebuilds)
        publish(List.of(event("rb-1", "rebuild-badge", "call_initiated", Instant.parse("2024-01-15T10:00:00Z"), "")));
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(local.redisUri());
        try (var redis = client.connect()) {
            String whole = redis.sync().get(io.cdrplatform.store.redis.CounterKeys.marker());
            redis.sync().set(io.cdrplatform.store.redis.CounterKeys.marker(), "rebuilding:browser-test");
            open("#/campaigns/rebuild-badge");

            // then the campaign view shows the badge
            waitFor(() -> !browser.findElements(By.cssSelector(".badge-rebuilding")).isEmpty());
            assertThat(text(".badge-rebuilding")).isEqualTo("rebuilding");

            // and once the counters are whole again, it goes
            redis.sync().set(io.cdrplatform.store.redis.CounterKeys.marker(), whole == null ? "ok:browser-test" : whole);
            waitFor(() -> browser.findElements(By.cssSelector(".badge-rebuilding")).isEmpty());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theChartShowsTwentyFourHoursWithTheAttemptsOfEachLocalHourInTheBrowsersZone() {
        // given calls at known local times of 2024-03-10 in Asia/Tehran (UTC+03:30), and one just
        // before and one just after that local day (same UTC days, so a UTC chart would count them)
        Map<String, Integer> localStarts = new LinkedHashMap<>();
        localStarts.put("2024-03-10T00:10:00+03:30", 2);
        localStarts.put("2024-03-10T09:45:00+03:30", 3);
        localStarts.put("2024-03-10T13:30:00+03:30", 1);
        localStarts.put("2024-03-10T23:59:00+03:30", 4);
        localStarts.put("2024-03-09T23:50:00+03:30", 1);
        localStarts.put("2024-03-11T00:05:00+03:30", 1);
        List<String> events = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Integer> start : localStarts.entrySet()) {
            for (int i = 0; i < start.getValue(); i++) {
                Instant at = java.time.OffsetDateTime.parse(start.getKey()).toInstant().plusSeconds(i);
                events.add(event("chart-" + n, "chart", "call_initiated", at, ""));
                events.add(event("chart-" + n, "chart", "call_ended", at.plusSeconds(30), ",\"outcome\":\"" + (n % 2 == 0 ? "answered" : "busy") + "\""));
                n++;
            }
        }
        publish(events);

        // when the campaign view is opened for that day without naming a zone
        open("#/campaigns/chart?from=2024-03-10&to=2024-03-10");
        waitFor(() -> text("[data-field=stats-totalAttempts]").equals("10"));

        // then the zone is the browser's and the chart has 24 hours with each local hour's attempts
        assertThat(browser.findElement(By.cssSelector("input[aria-label='Time zone']")).getAttribute("value")).isEqualTo(BROWSER_ZONE);
        assertThat(browser.findElement(By.cssSelector("[data-testid=hour-chart] .chart-plot")).getAttribute("data-hours")).isEqualTo("24");
        assertThat(browser.findElements(By.cssSelector("[data-testid=hour-chart] canvas"))).isNotEmpty();
        Map<String, String> attempts = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("[data-testid=hour-table] tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            attempts.put(cells.get(0).getAttribute("textContent"), cells.get(1).getAttribute("textContent"));
        }
        assertThat(attempts).hasSize(24);
        Map<String, String> expected = new LinkedHashMap<>();
        for (int hour = 0; hour < 24; hour++) {
            expected.put(String.format("%02d:00", hour), switch (hour) {
                case 0 -> "2";
                case 9 -> "3";
                case 13 -> "1";
                case 23 -> "4";
                default -> "0";
            });
        }
        assertThat(attempts).containsExactlyEntriesOf(expected);
    }

    @Test
    void pagingForwardAndBackShowsEachCdrOnce() {
        // given 120 calls, two starting at each second (ties in startTime)
        Instant start = Instant.parse("2024-02-01T08:00:00Z");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            events.add(event(String.format("page-%03d", i), "paging", "call_initiated", start.plusSeconds(i / 2), ""));
        }
        publish(events);
        open("#/campaigns/paging?from=2024-02-01&to=2024-02-01&tz=UTC");
        waitFor(() -> pageInfo().equals("page 1 · 50 calls"));

        // when paging forward to the end
        List<List<String>> forward = new ArrayList<>();
        forward.add(callIds());
        for (int page = 2; page <= 3; page++) {
            browser.findElement(By.cssSelector("[data-testid=next-page]")).click();
            int expected = page;
            waitFor(() -> pageInfo().startsWith("page " + expected + " "));
            forward.add(callIds());
        }
        assertThat(browser.findElement(By.cssSelector("[data-testid=next-page]")).isEnabled()).isFalse();

        // then every call shows exactly once, and paging back shows the same pages again
        List<String> all = forward.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(120).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).hasSize(120);
        for (int page = 2; page >= 1; page--) {
            browser.findElement(By.cssSelector("[data-testid=prev-page]")).click();
            int expected = page;
            waitFor(() -> pageInfo().startsWith("page " + expected + " "));
            assertThat(callIds()).isEqualTo(forward.get(page - 1));
        }
    }

    @Test
    void theCsvLinkDownloadsTheRowsOfTheCurrentFilter() throws IOException {
        // given 30 calls of which 10 were busy
        Instant start = Instant.parse("2024-04-02T09:00:00Z");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Instant at = start.plusSeconds(i * 60L);
            events.add(event("csv-" + i, "csv", "call_initiated", at, ""));
            events.add(event("csv-" + i, "csv", "call_ended", at.plusSeconds(20), ",\"outcome\":\"" + (i % 3 == 0 ? "busy" : "answered") + "\""));
        }
        publish(events);

        // when the view filtered on busy calls (a deep link) downloads its CSV
        open("#/campaigns/csv?from=2024-04-02&to=2024-04-02&tz=UTC&outcome=busy");
        waitFor(() -> pageInfo().equals("page 1 · 10 calls"));
        browser.findElement(By.cssSelector("[data-testid=csv-link]")).click();
        Path file = chromium.downloads().resolve("cdrs-csv.csv");
        waitFor(() -> Files.exists(file) && noPartialDownloads());

        // then the file holds the header and exactly the 10 busy calls
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("callId,campaignId,");
        List<String> rows = lines.subList(1, lines.size()).stream().filter(line -> !line.isEmpty()).toList();
        assertThat(rows).hasSize(10).allMatch(row -> row.contains(",busy,"));
    }

    @Test
    void eventFieldsHoldingHtmlShowAsTextAndRunNothing() {
        // given a call whose contact id, metadata and action parameters hold markup
        String img = "<img src=x onerror=window.pwned=1>";
        String script = "<script>window.pwned=2</script>";
        Instant at = Instant.parse("2024-05-05T12:00:00Z");
        publish(List.of(
                event("xss-1", "xss", "call_initiated", at, ",\"contactId\":\"" + json(img) + "\",\"metadata\":{\"note\":\""
                        + json(script) + "\",\"html\":\"" + json(img) + "\"}"),
                event("xss-1", "xss", "action_triggered", at.plusSeconds(3),
                        ",\"action\":{\"type\":\"survey\",\"parameters\":{\"label\":\"" + json(img) + "\"}}")));

        // when its campaign and its record are shown
        open("#/campaigns/xss?from=2024-05-05&to=2024-05-05&tz=UTC");
        waitFor(() -> rows().size() == 1);
        open("#/calls/xss-1");
        waitFor(() -> !browser.findElements(By.cssSelector("[data-testid=call-metadata]")).isEmpty());

        // then the markup is on screen as text, no element came from it and no script ran
        assertThat(text("[data-testid=call-record] [data-field=contact]")).isEqualTo(img);
        assertThat(text("[data-testid=call-metadata]")).contains(script).contains(img);
        assertThat(text("[data-testid=call-actions]")).contains(img);
        assertThat(browser.findElements(By.cssSelector("main img, main script, main iframe"))).isEmpty();
        assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    void theOverviewListsTwoHundredCampaigns() {
        // given 200 campaigns active a moment ago
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(event(String.format("fleet-call-%03d", i), String.format("fleet-%03d", i), "call_initiated",
                    now.minusMillis(i), ""));
        }
        publish(events);

        // when the bird's-eye view shows the last hour
        open("#/?window=hour");
        waitFor(() -> browser.findElements(By.cssSelector("a.card[data-campaign^='fleet-']")).size() == 200);

        // then each campaign has its card, newest activity first, and the totals count them
        List<String> shown = browser.findElements(By.cssSelector("a.card[data-campaign^='fleet-']")).stream()
                .map(card -> card.getAttribute("data-campaign")).toList();
        assertThat(shown).hasSize(200).doesNotHaveDuplicates();
        assertThat(shown.get(0)).isEqualTo("fleet-000");
        assertThat(shown.get(199)).isEqualTo("fleet-199");
        assertThat(Integer.parseInt(text("[data-total=campaigns]").replaceAll("[^0-9]", ""))).isGreaterThanOrEqualTo(200);
        chromium.screenshot(SCREENSHOTS.resolve("overview-200.png"));
    }

    // ---- helpers

    private static void open(String fragment) {
        browser.get(base + fragment);
        // a change of fragment alone does not reload the page: make every open a fresh load
        browser.navigate().refresh();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, RENDER, Duration.ofMillis(50)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(driver -> condition.getAsBoolean());
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static WebElement card(String campaignId) {
        List<WebElement> cards = browser.findElements(By.cssSelector("a.card[data-campaign='" + campaignId + "']"));
        return cards.isEmpty() ? null : cards.get(0);
    }

    private static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("[data-testid=cdr-rows] tr[data-call]"));
    }

    private static List<String> callIds() {
        return rows().stream().map(row -> row.getAttribute("data-call")).toList();
    }

    private static String pageInfo() {
        return text("[data-testid=page-info]");
    }

    private static boolean noPartialDownloads() {
        try (Stream<Path> files = Files.list(chromium.downloads())) {
            return files.noneMatch(path -> path.getFileName().toString().endsWith(".crdownload"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String event(String callId, String campaign, String type, Instant at, String extra) {
        return "{\"callId\":\"" + callId + "\",\"campaignId\":\"" + campaign + "\",\"eventType\":\"" + type
                + "\",\"timestamp\":\"" + at + "\"" + extra + "}";
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** PublishBatch in tens, as the SDK sends it; every entry must be accepted. */
    private static void publish(List<String> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<PublishBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + 10, messages.size()); i++) {
                entries.add(PublishBatchRequestEntry.builder().id("m" + i).message(messages.get(i)).build());
            }
            PublishBatchResponse response = sns.publishBatch(request -> request.topicArn(CdrLocal.CALL_EVENTS_TOPIC_ARN)
                    .publishBatchRequestEntries(entries));
            assertThat(response.failed()).isEmpty();
        }
    }

}
