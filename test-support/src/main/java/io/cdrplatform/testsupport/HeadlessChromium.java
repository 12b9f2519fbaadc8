package io.cdrplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven through
 * chromedriver by Selenium, with a fresh profile, a download directory and the browser console
 * captured. Nothing is downloaded: the binaries are the installed ones ({@code CHROMIUM_BINARY},
 * {@code CHROMEDRIVER} move them), never Selenium Manager's.
 *
 * <p>Without the browser, {@link #start} fails with {@link #INSTALL_HINT}; a developer may skip the
 * browser tests with {@code -Dbrowser.tests.skip=true}, which CI ({@code CI=true}) ignores.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final String INSTALL_HINT = "The dashboard's browser tests need Debian's Chromium and its driver "
            + "(/usr/bin/chromium, /usr/bin/chromedriver). Install them with:\n"
            + "    sudo apt-get update && sudo apt-get install -y chromium chromium-driver\n"
            + "(bash .ci/run does this), or point CHROMIUM_BINARY and CHROMEDRIVER at other copies of the same version. "
            + "To build without them on a developer machine: mvn -B verify -Dbrowser.tests.skip=true (ignored when CI=true).";

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path downloads;
    private final Path profile;
    private final List<LogEntry> console = new ArrayList<>();

    private HeadlessChromium(ChromeDriver driver, ChromeDriverService service, Path downloads, Path profile) {
        this.driver = driver;
        this.service = service;
        this.downloads = downloads;
        this.profile = profile;
    }

    public static Path browserBinary() {
        return Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    }

    public static Path driverBinary() {
        return Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    }

    public static boolean installed() {
        return Files.isExecutable(browserBinary()) && Files.isExecutable(driverBinary());
    }

    /** True when the developer asked to skip the browser tests and this is not CI. */
    public static boolean skipRequested() {
        return Boolean.getBoolean("browser.tests.skip") && !"true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The installed browser's version line, e.g. {@code Chromium 156.0.8078.114 built on Debian ...}. */
    public static String version() {
        try {
            Process process = new ProcessBuilder(browserBinary().toString(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor(20, TimeUnit.SECONDS);
            String[] lines = output.split("\n");
            return lines[lines.length - 1].trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the browser with a fresh profile under {@code workDir}; {@code timeZone} (an IANA id,
     * or null for the machine's) becomes the browser's own zone.
     */
    public static HeadlessChromium start(Path workDir, String timeZone) {
        if (!installed()) {
            throw new IllegalStateException(INSTALL_HINT);
        }
        try {
            Path profile = Files.createDirectories(workDir.resolve("chromium-profile-" + System.nanoTime()));
            Path downloads = Files.createDirectories(workDir.resolve("downloads-" + System.nanoTime()));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(browserBinary().toFile());
            // root in a container has no sandbox; the network is closed, so nothing may phone home
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--disable-features=Translate,MediaRouter,OptimizationHints",
                    "--password-store=basic", "--window-size=1400,1000", "--user-data-dir=" + profile);
            Map<String, Object> prefs = new HashMap<>();
            prefs.put("download.default_directory", downloads.toString());
            prefs.put("download.prompt_for_download", false);
            prefs.put("safebrowsing.enabled", false);
            options.setExperimentalOption("prefs", prefs);
            LoggingPreferences logging = new LoggingPreferences();
            logging.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logging);
            Map<String, String> environment = new HashMap<>();
            if (timeZone != null) {
                environment.put("TZ", timeZone);
            }
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(driverBinary().toFile())
                    .usingAnyFreePort()
                    .withEnvironment(environment)
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, service, downloads, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Path downloads() {
        return downloads;
    }

    /** Every browser console entry since the start (the driver hands each entry out once; they are kept here). */
    public List<LogEntry> console() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            console.add(entry);
        }
        return List.copyOf(console);
    }

    /** The console entries at SEVERE (errors, CSP violations, failed loads, uncaught exceptions). */
    public List<String> consoleErrors() {
        return console().stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
    }

    /** A PNG of the viewport, written to {@code file} (directories created). */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG of the whole page: the window is made as tall as the document for the shot, then restored. */
    public Path fullPageScreenshot(Path file) {
        org.openqa.selenium.Dimension size = driver.manage().window().getSize();
        Object height = driver.executeScript("return document.documentElement.scrollHeight");
        int tall = Math.min(8000, ((Number) height).intValue() + (size.getHeight() - ((Number) driver.executeScript(
                "return window.innerHeight")).intValue()));
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), Math.max(size.getHeight(), tall)));
        try {
            return screenshot(file);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var walk = Files.walk(directory)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a profile left in target/ is harmless
        }
    }
}
