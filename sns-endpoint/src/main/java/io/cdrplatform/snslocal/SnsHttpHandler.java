package io.cdrplatform.snslocal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * HTTP in, XML out: reads the query-protocol request, runs the action, writes the SNS answer or the
 * SNS error (the one place exceptions become HTTP statuses). A publish is answered when the sink
 * has accepted it, without holding an I/O thread; a connection reads its next request only after
 * the previous one is answered, so answers never overtake each other.
 */
@ChannelHandler.Sharable
final class SnsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String SIGNING_CERT_PATH = "/SimpleNotificationService-local.pem";
    /** A full batch is 256 KiB of text, which percent-encoding can triple; anything beyond is no SNS request. */
    static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SnsHttpHandler.class);

    private record Answer(HttpResponseStatus status, String contentType, byte[] body, String errorCode, String detail) {
    }

    private final QueryRequestReader reader;
    private final SnsService service;
    private final NotificationSigner signer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    /** @param signer null when notifications are not signed */
    SnsHttpHandler(QueryRequestReader reader, SnsService service, NotificationSigner signer) {
        this.reader = reader;
        this.service = service;
        this.signer = signer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest http) {
        inFlight.incrementAndGet();
        ctx.channel().config().setAutoRead(false);
        String requestId = UUID.randomUUID().toString();
        boolean keepAlive = HttpUtil.isKeepAlive(http) && http.decoderResult().isSuccess();
        String action = null;
        CompletableFuture<Answer> answer;
        try {
            if (draining) {
                throw new SnsException(SnsErrorCode.SERVICE_UNAVAILABLE, "The SNS endpoint is shutting down.");
            }
            if (!http.decoderResult().isSuccess()) {
                throw new SnsException(SnsErrorCode.MALFORMED_QUERY_STRING, "The HTTP request could not be parsed.");
            }
            HttpMethod method = http.method();
            QueryStringDecoder uri = new QueryStringDecoder(http.uri());
            if (signer != null && HttpMethod.GET.equals(method) && SIGNING_CERT_PATH.equals(uri.path())) {
                answer = CompletableFuture.completedFuture(new Answer(HttpResponseStatus.OK, "application/x-pem-file",
                        signer.publicKeyPem().getBytes(StandardCharsets.US_ASCII), null, null));
            } else {
                if (!HttpMethod.POST.equals(method) && !HttpMethod.GET.equals(method)) {
                    throw new SnsException(SnsErrorCode.METHOD_NOT_ALLOWED, "Only POST and GET are supported");
                }
                String rawUri = http.uri();
                int question = rawUri.indexOf('?');
                QueryRequest request = reader.read(requestId, method.name(),
                        question < 0 ? null : rawUri.substring(question + 1),
                        http.headers().get(HttpHeaderNames.CONTENT_TYPE),
                        ByteBufUtil.getBytes(http.content()),
                        http.headers().get(HttpHeaderNames.AUTHORIZATION));
                action = request.action();
                answer = service.handle(request).thenApply(result -> new Answer(HttpResponseStatus.OK, "text/xml",
                        SnsXmlWriter.result(result, requestId), null, null));
            }
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        String requestAction = action;
        answer.handle((ok, failure) -> ok != null ? ok : errorAnswer(failure, requestId, requestAction))
                .thenAccept(out -> write(ctx, out, requestId, requestAction, keepAlive));
    }

    private static Answer errorAnswer(Throwable failure, String requestId, String action) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof SnsException e) {
            SnsErrorCode code = e.errorCode();
            return new Answer(HttpResponseStatus.valueOf(code.httpStatus()), "text/xml",
                    SnsXmlWriter.error(code, e.getMessage(), requestId), code.code(), e.getMessage());
        }
        LOG.atError().setMessage("SNS request failed").addKeyValue("requestId", requestId)
                .addKeyValue("action", SafeTextFields.escape(action)).setCause(cause).log();
        SnsErrorCode code = SnsErrorCode.INTERNAL_ERROR;
        String message = "The request processing has failed because of an unknown error.";
        return new Answer(HttpResponseStatus.valueOf(code.httpStatus()), "text/xml",
                SnsXmlWriter.error(code, message, requestId), code.code(), message);
    }

    private void write(ChannelHandlerContext ctx, Answer answer, String requestId, String action, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                Unpooled.wrappedBuffer(answer.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                .set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
                .set("x-amzn-RequestId", requestId)
                .set(HttpHeaderNames.DATE, DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            inFlight.decrementAndGet();
            if (!keepAlive || !written.isSuccess()) {
                written.channel().close();
            } else {
                written.channel().config().setAutoRead(true);
            }
        });
        int status = answer.status().code();
        Level level = status < 400 ? Level.DEBUG : status < 500 ? Level.INFO : Level.WARN;
        var event = LOG.atLevel(level).setMessage(status < 400 ? "SNS request served" : "SNS request refused")
                .addKeyValue("requestId", requestId)
                .addKeyValue("action", SafeTextFields.escape(action))
                .addKeyValue("status", status);
        if (answer.errorCode() != null) {
            event = event.addKeyValue("errorCode", answer.errorCode()).addKeyValue("detail", answer.detail());
        }
        event.log();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.atDebug().setMessage("SNS connection closed after an error")
                .addKeyValue("peer", String.valueOf(ctx.channel().remoteAddress()))
                .addKeyValue("reason", SafeTextFields.escape(String.valueOf(cause))).log();
        ctx.close();
    }

    /**
     * Answers every new request with ServiceUnavailable (SDKs retry it) and waits, at most
     * {@code timeout}, until the requests already in flight have been answered.
     *
     * @return whether every request in flight was answered in time
     */
    boolean drain(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
