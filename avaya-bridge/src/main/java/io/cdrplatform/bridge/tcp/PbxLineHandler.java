package io.cdrplatform.bridge.tcp;

import io.cdrplatform.bridge.metrics.BridgeMetrics;
import io.cdrplatform.bridge.rejected.RejectedLinesFile;
import io.cdrplatform.bridge.spool.Spool;
import io.cdrplatform.bridge.spool.SpoolLine;
import io.cdrplatform.core.text.SafeText;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handling stage: accepted records go to the spool, one append per socket read (the spool's group
 * commit batches them further); rejected lines go to the rejected-lines file and a WARN log line
 * with control bytes escaped. Nothing here closes the connection: a bad line costs only itself.
 * While too many of this connection's lines wait for the disk, reading stops (TCP pushes back on
 * the PBX, which buffers) and resumes once they are down. One instance per connection.
 */
public final class PbxLineHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(PbxLineHandler.class);
    static final int PAUSE_READING_AT = 20_000;
    static final int RESUME_READING_AT = 5_000;

    private final Spool spool;
    private final RejectedLinesFile rejectedLines;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private final List<SpoolLine> pending = new ArrayList<>();
    private long inFlight;
    private String peer = "unknown";

    public PbxLineHandler(Spool spool, RejectedLinesFile rejectedLines, BridgeMetrics metrics, Clock clock) {
        this.spool = spool;
        this.rejectedLines = rejectedLines;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        peer = describe(ctx.channel().remoteAddress());
        metrics.connectionOpened();
        log.atInfo().addKeyValue("peer", peer).log("PBX connected from {}", peer);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PbxLine.Accepted accepted) {
            pending.add(accepted.spoolLine());
            if (log.isDebugEnabled()) {
                log.atDebug().addKeyValue("callId", accepted.callId()).addKeyValue("peer", peer)
                        .log("PBX record received");
            }
        } else if (msg instanceof PbxLine.Rejected rejected) {
            reject(rejected);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        spoolPending(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        spoolPending(ctx);
        metrics.connectionClosed();
        log.atInfo().addKeyValue("peer", peer).log("PBX disconnected: {}", peer);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // I/O errors close the channel by themselves; anything else must not cost the connection.
        log.atWarn().addKeyValue("peer", peer).log("PBX connection error from {}: {}", peer,
                SafeText.escape(String.valueOf(cause.getMessage())));
    }

    /** Lines of this connection waiting for the disk (for tests and backpressure). */
    long inFlight() {
        return inFlight;
    }

    private void reject(PbxLine.Rejected rejected) {
        metrics.lineRejected();
        log.atWarn()
                .addKeyValue("peer", peer)
                .addKeyValue("reason", rejected.reason())
                .addKeyValue("line", SafeText.escape(rejected.text()))
                .log("rejected a PBX line from {}: {}", peer, rejected.reason());
        try {
            rejectedLines.write(clock.instant(), peer, rejected.reason(), rejected.text());
        } catch (RuntimeException e) {
            log.atError().addKeyValue("peer", peer).setCause(e)
                    .log("could not write the rejected line to {}", rejectedLines.path());
        }
    }

    private void spoolPending(ChannelHandlerContext ctx) {
        if (pending.isEmpty()) {
            return;
        }
        List<SpoolLine> lines = List.copyOf(pending);
        pending.clear();
        inFlight += lines.size();
        if (inFlight >= PAUSE_READING_AT && ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            log.atInfo().addKeyValue("peer", peer).log("pausing reads from {} until {} lines are on disk", peer, inFlight);
        }
        spool.appendLines(clock.instant(), lines).whenComplete((end, error) -> {
            try {
                ctx.executor().execute(() -> committed(ctx, lines.size(), error));
            } catch (RejectedExecutionException e) {
                committed(ctx, lines.size(), error);
            }
        });
    }

    private void committed(ChannelHandlerContext ctx, int count, Throwable error) {
        inFlight -= count;
        if (error == null) {
            metrics.linesReceived(count);
        } else {
            log.atError().addKeyValue("peer", peer).setCause(error)
                    .log("{} lines from {} were read but could not be spooled", count, peer);
        }
        if (!ctx.channel().config().isAutoRead() && inFlight <= RESUME_READING_AT && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
