package io.cdrplatform.bridge.tcp;

import io.cdrplatform.core.avaya.LineFramer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Decoding stage: hands each framed line to its PBX's {@link SiteDecoder} (parsed into a
 * {@link PbxLine.Accepted} record, or a {@link PbxLine.Rejected} line with the reason), and turns
 * over-long and cut-off lines into rejections, their authorization code masked too. One instance
 * per connection; the site decoder is shared by the PBX's connections.
 */
public final class PbxDecodingHandler extends ChannelInboundHandlerAdapter {

    private final SiteDecoder site;
    private final int maxLineLength;
    private final Clock clock;
    private String peer = "unknown";

    public PbxDecodingHandler(SiteDecoder site, int maxLineLength, Clock clock) {
        this.site = site;
        this.maxLineLength = maxLineLength;
        this.clock = clock;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        peer = PbxLineHandler.describe(ctx.channel().remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        decode(msg, ctx::fireChannelRead);
    }

    /** The decoding itself, also usable without a channel. Unknown messages pass through. */
    public void decode(Object msg, Consumer<Object> out) {
        if (msg instanceof LineFramer.Frame.Line line) {
            site.decode(line.text(), clock.instant(), peer, out);
        } else if (msg instanceof LineFramer.Frame.Overlong overlong) {
            out.accept(new PbxLine.Rejected(site.mask(overlong.prefix()), "line of " + overlong.length()
                    + " bytes is longer than the limit of " + maxLineLength + " (first bytes kept)"));
        } else if (msg instanceof UnterminatedLine cut) {
            out.accept(new PbxLine.Rejected(site.mask(cut.text()), "connection closed before the line ended"));
        } else {
            out.accept(msg);
        }
    }
}
