package io.cdrplatform.bridge.tcp;

import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.avaya.LineFramer;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Decoding stage: parses each framed line into a {@link PbxLine.Accepted} record, or a
 * {@link PbxLine.Rejected} line with the reason (not in the layout, over-long, cut off).
 * Stateless, so one instance serves every connection.
 */
@ChannelHandler.Sharable
public final class PbxDecodingHandler extends ChannelInboundHandlerAdapter {

    private final AvayaRecordParser parser;
    private final int maxLineLength;

    public PbxDecodingHandler(AvayaRecordParser parser, int maxLineLength) {
        this.parser = parser;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.fireChannelRead(decode(msg));
    }

    /** The decoding itself, also usable without a channel. Unknown messages pass through. */
    public Object decode(Object msg) {
        if (msg instanceof LineFramer.Frame.Line line) {
            AvayaParseResult result = parser.parse(line.text());
            if (result instanceof AvayaParseResult.Parsed parsed) {
                return new PbxLine.Accepted(parsed.record());
            }
            AvayaParseResult.Unparseable unparseable = (AvayaParseResult.Unparseable) result;
            return new PbxLine.Rejected(unparseable.line(), unparseable.reason());
        }
        if (msg instanceof LineFramer.Frame.Overlong overlong) {
            return new PbxLine.Rejected(overlong.prefix(), "line of " + overlong.length()
                    + " bytes is longer than the limit of " + maxLineLength + " (first bytes kept)");
        }
        if (msg instanceof UnterminatedLine cut) {
            return new PbxLine.Rejected(cut.text(), "connection closed before the line ended");
        }
        return msg;
    }
}
