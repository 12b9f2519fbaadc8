package io.cdrplatform.bridge.tcp;

import io.cdrplatform.core.avaya.LineFramer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Framing stage: turns the PBX byte stream into {@link LineFramer.Frame}s (lines and over-long
 * lines) whatever the TCP segmentation, with at most {@code maxLineLength} bytes buffered per
 * connection; bytes left without a line end at disconnect become an {@link UnterminatedLine}.
 * One instance per connection.
 */
public final class PbxFramingHandler extends ChannelInboundHandlerAdapter {

    private final LineFramer framer;
    private byte[] scratch = new byte[0];

    public PbxFramingHandler(int maxLineLength) {
        this.framer = new LineFramer(maxLineLength);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            int length = bytes.readableBytes();
            if (bytes.hasArray()) {
                framer.feed(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), length, ctx::fireChannelRead);
            } else {
                if (scratch.length < length) {
                    scratch = new byte[Math.max(length, 8192)];
                }
                bytes.getBytes(bytes.readerIndex(), scratch, 0, length);
                framer.feed(scratch, 0, length, ctx::fireChannelRead);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (framer.pendingBytes() > 0) {
            framer.finish(frame -> ctx.fireChannelRead(
                    frame instanceof LineFramer.Frame.Line line ? new UnterminatedLine(line.text()) : frame));
        }
        ctx.fireChannelInactive();
    }
}
