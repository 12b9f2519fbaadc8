package io.cdrplatform.bridge.health;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /health} on {@code BRIDGE_HEALTH_PORT}: 200 with the report, 503 while the spool cannot write. */
public final class HealthServer {

    private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

    private final String host;
    private final int port;
    private final Supplier<HealthReport> reports;
    private Channel serverChannel;

    public HealthServer(String host, int port, Supplier<HealthReport> reports) {
        this.host = host;
        this.port = port;
        this.reports = reports;
    }

    public void start(EventLoopGroup acceptors, EventLoopGroup workers) throws InterruptedException {
        HealthHandler handler = new HealthHandler(reports);
        serverChannel = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new HttpObjectAggregator(16 * 1024))
                                .addLast(handler);
                    }
                })
                .bind(host, port).sync().channel();
        log.info("health endpoint on http://{}:{}/health", host, localAddress().getPort());
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
    }

    /** Reader (route and method) -> report -> writer (JSON). */
    @ChannelHandler.Sharable
    static final class HealthHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Supplier<HealthReport> reports;

        HealthHandler(Supplier<HealthReport> reports) {
            this.reports = reports;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = new QueryStringDecoder(request.uri()).path();
            FullHttpResponse response;
            if (!request.decoderResult().isSuccess()) {
                response = json(HttpResponseStatus.BAD_REQUEST, HealthJson.error("bad_request", "malformed HTTP request"));
            } else if (!"/health".equals(path)) {
                response = json(HttpResponseStatus.NOT_FOUND, HealthJson.error("not_found", "only GET /health is served here"));
            } else if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
                response = json(HttpResponseStatus.METHOD_NOT_ALLOWED,
                        HealthJson.error("method_not_allowed", "use GET /health"));
                response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            } else {
                response = report();
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
            HttpUtil.setKeepAlive(response, keepAlive);
            if (HttpMethod.HEAD.equals(request.method())) {
                response.content().clear();
            }
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private FullHttpResponse report() {
            try {
                HealthReport report = reports.get();
                HttpResponseStatus status = report.status() == HealthReport.Status.FAILING
                        ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK;
                return json(status, HealthJson.write(report));
            } catch (RuntimeException e) {
                log.error("health report failed", e);
                return json(HttpResponseStatus.INTERNAL_SERVER_ERROR, HealthJson.error("internal", "health report failed"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private static FullHttpResponse json(HttpResponseStatus status, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8");
            HttpUtil.setContentLength(response, response.content().readableBytes());
            return response;
        }
    }
}
