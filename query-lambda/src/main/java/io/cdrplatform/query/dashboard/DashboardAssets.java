package io.cdrplatform.query.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's files, loaded once from the classpath: the page and its modules under
 * {@code dashboard/} of this jar, and uPlot from its WebJar (version read from the WebJar's own
 * Maven properties, so upgrading the dependency needs no code change). The {@link #version()} is a
 * hash over every file, so the asset URLs change whenever any file does and can be cached forever.
 */
public final class DashboardAssets {

    /** The URL prefix of every asset: {@code /dashboard/<version>/<name>}. */
    public static final String PREFIX = "dashboard";
    static final String PAGE = "index.html";
    /** Replaced in the page by the versioned asset prefix, relative to the page ({@code dashboard/<version>/}). */
    static final String ASSET_BASE_PLACEHOLDER = "{{assetBase}}";

    private static final String RESOURCE_ROOT = "dashboard/";
    private static final String UPLOT_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String UPLOT_ROOT = "META-INF/resources/webjars/uplot/%s/";
    private static final Map<String, String> UPLOT_FILES = Map.of(
            "vendor/uPlot.esm.js", "dist/uPlot.esm.js",
            "vendor/uPlot.min.css", "dist/uPlot.min.css",
            "vendor/uPlot.LICENSE.txt", "LICENSE");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "txt", "text/plain; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");
    /** Below this size gzip saves less than its own header costs. */
    private static final int MIN_GZIP_BYTES = 512;

    private final String version;
    private final Asset page;
    private final Map<String, Asset> assets;

    private DashboardAssets(String version, Asset page, Map<String, Asset> assets) {
        this.version = version;
        this.page = page;
        this.assets = assets;
    }

    /** Loads every file from the classpath of this class; a missing file is a packaging error. */
    public static DashboardAssets load() {
        ClassLoader loader = DashboardAssets.class.getClassLoader();
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : ownFileNames(loader)) {
            files.put(name, read(loader, RESOURCE_ROOT + name));
        }
        String uplotRoot = UPLOT_ROOT.formatted(uplotVersion(loader));
        UPLOT_FILES.forEach((name, path) -> files.put(name, read(loader, uplotRoot + path)));
        return of(files);
    }

    /** The dashboard over the given files (name -> bytes); {@code index.html} is the page. */
    static DashboardAssets of(Map<String, byte[]> files) {
        byte[] template = files.get(PAGE);
        if (template == null) {
            throw new IllegalStateException("the dashboard has no " + PAGE);
        }
        MessageDigest all = sha256();
        Map<String, Asset> assets = new TreeMap<>();
        files.forEach((name, bytes) -> {
            all.update(name.getBytes(StandardCharsets.UTF_8));
            all.update((byte) 0);
            all.update(bytes);
            if (!name.equals(PAGE)) {
                assets.put(name, asset(name, bytes));
            }
        });
        String version = HexFormat.of().formatHex(all.digest()).substring(0, 16);
        String html = new String(template, StandardCharsets.UTF_8)
                .replace(ASSET_BASE_PLACEHOLDER, PREFIX + "/" + version + "/");
        return new DashboardAssets(version, asset(PAGE, html.getBytes(StandardCharsets.UTF_8)),
                Collections.unmodifiableMap(assets));
    }

    /** A hash over every file: the second segment of each asset URL. */
    public String version() {
        return version;
    }

    /** The page, its asset URLs already pointing at this version. */
    public Asset page() {
        return page;
    }

    public Optional<Asset> asset(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    public Map<String, Asset> assets() {
        return assets;
    }

    private static Asset asset(String name, byte[] bytes) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.getOrDefault(extension, "application/octet-stream");
        byte[] gzipped = null;
        if (type.startsWith("text/") || type.startsWith("image/svg")) {
            byte[] packed = gzip(bytes);
            gzipped = bytes.length >= MIN_GZIP_BYTES && packed.length < bytes.length ? packed : null;
        }
        String etag = "\"" + HexFormat.of().formatHex(sha256().digest(bytes)).substring(0, 20) + "\"";
        return new Asset(name, type, bytes, gzipped, etag);
    }

    /** The names of the files under {@code dashboard/}, from a directory (tests, IDE) or from the jar. */
    private static Iterable<String> ownFileNames(ClassLoader loader) {
        URL page = loader.getResource(RESOURCE_ROOT + PAGE);
        if (page == null) {
            throw new IllegalStateException("dashboard/" + PAGE + " is not on the classpath");
        }
        TreeMap<String, Boolean> names = new TreeMap<>();
        try {
            if (page.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) page.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().map(JarEntry::getName)
                            .filter(name -> name.startsWith(RESOURCE_ROOT) && !name.endsWith("/"))
                            .forEach(name -> names.put(name.substring(RESOURCE_ROOT.length()), true));
                }
            } else {
                Path root = Path.of(page.toURI()).getParent();
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile)
                            .forEach(file -> names.put(root.relativize(file).toString().replace('\\', '/'), true));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the dashboard files failed", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names.keySet();
    }

    private static String uplotVersion(ClassLoader loader) {
        Properties properties = new Properties();
        try (InputStream in = loader.getResourceAsStream(UPLOT_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + " failed", e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
