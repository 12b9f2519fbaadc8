package io.cdrplatform.snslocal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SNS-compatible HTTP endpoint (the AWS query protocol, as the AWS SDKs and CLI send it) whose
 * every topic has one subscriber: the {@link NotificationSink}. A publish is acknowledged only
 * once the sink has accepted it.
 *
 * <pre>{@code
 * try (SnsEndpoint sns = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(0), sink).start()) {
 *     SnsClient client = SnsClient.builder().endpointOverride(sns.endpointUri())...
 * }
 * }</pre>
 */
public final class SnsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnsEndpoint.class);

    private final SnsEndpointConfig config;
    private final NotificationSink sink;
    private final Clock clock;
    private final TopicRegistry topics = new TopicRegistry(() -> UUID.randomUUID().toString());

    private HttpServer server;
    private ExecutorService httpThreads;
    private SinkDispatcher dispatcher;
    private boolean closed;

    public SnsEndpoint(SnsEndpointConfig config, NotificationSink sink) {
        this(config, sink, Clock.systemUTC());
    }

    public SnsEndpoint(SnsEndpointConfig config, NotificationSink sink, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (String arn : config.topicArns()) {
            topics.create(TopicArn.parse(arn).orElseThrow(), java.util.Map.of());
        }
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws BindException naming the address when the port is taken
     */
    public synchronized SnsEndpoint start() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("an SNS endpoint starts once");
        }
        long started = System.nanoTime();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        } catch (BindException e) {
            BindException named = new BindException(
                    "cannot listen on " + config.host() + ":" + config.port() + " (" + e.getMessage() + ")");
            named.initCause(e);
            throw named;
        }
        NotificationSigner signer = config.signNotifications() ? new NotificationSigner() : null;
        int port = http.getAddress().getPort();
        String baseUrl = "http://" + urlHost() + ":" + port;
        dispatcher = new SinkDispatcher(sink, config.batchWindow(), config.maxBatchMessages(), config.sinkThreads());
        SnsService service = new SnsService(topics, dispatcher,
                new SnsService.NotificationFactory(clock, signer, baseUrl), config.sinkTimeout());
        http.createContext("/", new SnsHttpHandler(new QueryRequestReader(config.region()), service, signer));
        httpThreads = new ThreadPoolExecutor(config.httpThreads(), config.httpThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("sns-http-"));
        http.setExecutor(httpThreads);
        dispatcher.start();
        http.start();
        server = http;
        LOG.atInfo().setMessage("SNS endpoint listening")
                .addKeyValue("endpoint", baseUrl)
                .addKeyValue("topics", String.join(",", config.topicArns()))
                .addKeyValue("startMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .log();
        return this;
    }

    /** The bound port (the chosen one when configured with port 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** The URL to give SDKs ({@code endpointOverride}) and the CLI ({@code --endpoint-url}). */
    public URI endpointUri() {
        return URI.create("http://" + urlHost() + ":" + port());
    }

    /** The topics that exist now, in ARN order. */
    public List<String> topicArns() {
        return topics.page(null, Integer.MAX_VALUE).stream().map(topic -> topic.arn().toString()).toList();
    }

    /**
     * Stops taking connections, lets requests in flight finish (their publishes are delivered or
     * refused, never left half-done), then stops the dispatcher.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server == null) {
            return;
        }
        server.stop(1);
        dispatcher.close();
        httpThreads.shutdown();
        try {
            if (!httpThreads.awaitTermination(config.sinkTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                httpThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            httpThreads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.atInfo().setMessage("SNS endpoint stopped").addKeyValue("port", server.getAddress().getPort()).log();
    }

    private String urlHost() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
