package io.cdrplatform.snslocal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
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

    private Channel serverChannel;
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private SinkDispatcher dispatcher;
    private SnsHttpHandler handler;
    private volatile String baseUrl;
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
        if (serverChannel != null || closed) {
            throw new IllegalStateException("an SNS endpoint starts once");
        }
        long started = System.nanoTime();
        NotificationSigner signer = config.signNotifications() ? new NotificationSigner() : null;
        acceptGroup = new MultiThreadIoEventLoopGroup(1, daemonThreads("sns-accept-"), NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(config.httpThreads(), daemonThreads("sns-io-"), NioIoHandler.newFactory());
        dispatcher = new SinkDispatcher(sink, config.batchWindow(), config.maxBatchMessages(), config.sinkThreads());
        // notification URLs name the bound port, known before binding unless the port is 0 (then
        // nobody can reach the endpoint before start() has returned it)
        baseUrl = "http://" + urlHost() + ":" + config.port();
        SnsService service = new SnsService(topics, dispatcher,
                new SnsService.NotificationFactory(clock, signer, () -> baseUrl), config.sinkTimeout());
        SnsHttpHandler httpHandler = new SnsHttpHandler(new QueryRequestReader(config.region()), service, signer);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(SnsHttpHandler.MAX_REQUEST_BYTES))
                                .addLast(httpHandler);
                    }
                });
        Channel bound;
        try {
            bound = bootstrap.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            if (e instanceof BindException) {
                BindException named = new BindException(
                        "cannot listen on " + config.host() + ":" + config.port() + " (" + e.getMessage() + ")");
                named.initCause(e);
                throw named;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot listen on " + config.host() + ":" + config.port(), e);
        }
        int port = ((InetSocketAddress) bound.localAddress()).getPort();
        baseUrl = "http://" + urlHost() + ":" + port;
        handler = httpHandler;
        dispatcher.start();
        serverChannel = bound;
        LOG.atInfo().setMessage("SNS endpoint listening")
                .addKeyValue("endpoint", baseUrl)
                .addKeyValue("topics", String.join(",", config.topicArns()))
                .addKeyValue("startMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .log();
        return this;
    }

    /** The bound port (the chosen one when configured with port 0). */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
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
        if (serverChannel == null) {
            return;
        }
        int port = port();
        serverChannel.close().awaitUninterruptibly();
        boolean drained = handler.drain(config.sinkTimeout().plusSeconds(1));
        dispatcher.close(config.sinkTimeout());
        shutdownGroups();
        LOG.atInfo().setMessage("SNS endpoint stopped").addKeyValue("port", port)
                .addKeyValue("requestsCutShort", !drained).log();
    }

    private void shutdownGroups() {
        for (EventLoopGroup group : new EventLoopGroup[] {acceptGroup, ioGroup}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }
        }
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
