package io.cdrplatform.bridge.tcp;

import io.cdrplatform.bridge.metrics.BridgeMetrics;
import io.cdrplatform.bridge.rejected.RejectedLinesFile;
import io.cdrplatform.bridge.spool.Spool;
import io.cdrplatform.bridge.records.InterimCalls;
import io.cdrplatform.bridge.records.PbxSite;
import io.cdrplatform.bridge.records.RecordSetup;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PBX listener: a TCP server whose connections run framing -> decoding -> handling. Any
 * number of PBXs may connect at once; idle connections are kept as long as the peer keeps them
 * (TCP keep-alive finds dead ones), since a PBX may send nothing for hours.
 */
public final class PbxServer {

    private static final Logger log = LoggerFactory.getLogger(PbxServer.class);

    private final String host;
    private final int port;
    private final int maxLineLength;
    private final AllowedPeers allowedPeers;
    private final RecordSetup records;
    private final java.util.Map<String, SiteDecoder> decoders = new java.util.LinkedHashMap<>();
    private final Spool spool;
    private final RejectedLinesFile rejectedLines;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private final ChannelGroup connections = new DefaultChannelGroup("pbx-connections", GlobalEventExecutor.INSTANCE);
    private final java.util.List<Channel> serverChannels = new java.util.ArrayList<>();

    public PbxServer(String host, int port, int maxLineLength, AllowedPeers allowedPeers, RecordSetup records,
                     InterimCalls interimCalls, Spool spool, RejectedLinesFile rejectedLines, BridgeMetrics metrics,
                     Clock clock) {
        this.host = host;
        this.port = port;
        this.maxLineLength = maxLineLength;
        this.allowedPeers = allowedPeers;
        this.records = records;
        for (PbxSite site : records.sites()) {
            decoders.put(site.name(), new SiteDecoder(site, records.conditionCodes(), interimCalls));
        }
        this.spool = spool;
        this.rejectedLines = rejectedLines;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Binds; a port in use is an exception here, never a silent fallback. */
    public void start(EventLoopGroup acceptors, EventLoopGroup workers) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.AUTO_READ, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        allowedPeers.newFilter(metrics).ifPresent(filter -> channel.pipeline().addLast("peer-filter", filter));
                        PbxSite site = records.siteFor(channel.localAddress().getPort(), channel.remoteAddress());
                        channel.pipeline()
                                .addLast("framing", new PbxFramingHandler(maxLineLength))
                                .addLast("decoding", new PbxDecodingHandler(decoders.get(site.name()), maxLineLength,
                                        clock))
                                .addLast("handling", new PbxLineHandler(spool, rejectedLines, metrics, clock));
                    }
                });
        serverChannels.add(bootstrap.bind(host, port).sync().channel());
        log.info("listening for PBX connections on {}", PbxLineHandler.describe(localAddress()));
        for (PbxSite site : records.sites()) {
            if (site.port() > 0) {
                Channel channel = bootstrap.bind(host, site.port()).sync().channel();
                serverChannels.add(channel);
                log.info("listening for PBX {} on {}", site.label(), PbxLineHandler.describe(channel.localAddress()));
            }
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannels.get(0).localAddress();
    }

    /** The decoding stage of each PBX, by name (the default PBX under the empty name). */
    public java.util.Map<String, SiteDecoder> decoders() {
        return java.util.Collections.unmodifiableMap(decoders);
    }

    public int openConnections() {
        return connections.size();
    }

    /** Closes the listening socket; open connections stay. */
    public void stopAccepting() {
        for (Channel channel : serverChannels) {
            channel.close().awaitUninterruptibly();
        }
        decoders.values().stream().filter(decoder -> decoder.heldLines() > 0).forEach(decoder ->
                log.warn("PBX {}: {} lines held while detecting the layout are dropped at shutdown (never accepted)",
                        decoder.site().label(), decoder.heldLines()));
    }

    /** Closes every PBX connection (after the lines already read are handed to the spool). */
    public void closeConnections(Duration wait) {
        connections.close().awaitUninterruptibly(wait.toMillis());
    }
}
