package io.cdrplatform.snslocal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * HTTP in, XML out: reads the query-protocol request, runs the action, writes the SNS answer or the
 * SNS error (the one place exceptions become HTTP statuses).
 */
final class SnsHttpHandler implements HttpHandler {
    static final String SIGNING_CERT_PATH = "/SimpleNotificationService-local.pem";
    /** A full batch is 256 KiB of text, which percent-encoding can triple; anything beyond is no SNS request. */
    static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SnsHttpHandler.class);

    private final QueryRequestReader reader;
    private final SnsService service;
    private final NotificationSigner signer;

    /** @param signer null when notifications are not signed */
    SnsHttpHandler(QueryRequestReader reader, SnsService service, NotificationSigner signer) {
        this.reader = reader;
        this.service = service;
        this.signer = signer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        String action = null;
        try {
            String method = exchange.getRequestMethod();
            if (signer != null && "GET".equals(method) && SIGNING_CERT_PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 200, "application/x-pem-file", signer.publicKeyPem().getBytes(StandardCharsets.US_ASCII),
                        requestId);
                return;
            }
            if (!"POST".equals(method) && !"GET".equals(method)) {
                throw new SnsException(SnsErrorCode.METHOD_NOT_ALLOWED, "Only POST and GET are supported");
            }
            byte[] body = readBody(exchange.getRequestBody());
            QueryRequest request = reader.read(requestId, method, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body,
                    exchange.getRequestHeaders().getFirst("Authorization"));
            action = request.action();
            SnsResult result = service.handle(request);
            send(exchange, 200, "text/xml", SnsXmlWriter.result(result, requestId), requestId);
            logAnswer(Level.DEBUG, "SNS request served", requestId, action, 200, null, null);
        } catch (SnsException e) {
            SnsErrorCode code = e.errorCode();
            send(exchange, code.httpStatus(), "text/xml", SnsXmlWriter.error(code, e.getMessage(), requestId), requestId);
            logAnswer(code.senderFault() ? Level.INFO : Level.WARN, "SNS request refused", requestId, action,
                    code.httpStatus(), code.code(), e.getMessage());
        } catch (RuntimeException e) {
            SnsErrorCode code = SnsErrorCode.INTERNAL_ERROR;
            send(exchange, code.httpStatus(), "text/xml",
                    SnsXmlWriter.error(code, "The request processing has failed because of an unknown error.", requestId),
                    requestId);
            LOG.atError().setMessage("SNS request failed").addKeyValue("requestId", requestId)
                    .addKeyValue("action", SafeTextFields.escape(action)).setCause(e).log();
        } finally {
            exchange.close();
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
            throw new SnsException(SnsErrorCode.REQUEST_TOO_LARGE,
                    "The request is larger than " + MAX_REQUEST_BYTES + " bytes.");
        }
        return body;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, String requestId)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void logAnswer(Level level, String message, String requestId, String action, int status,
            String errorCode, String detail) {
        var event = LOG.atLevel(level).setMessage(message)
                .addKeyValue("requestId", requestId)
                .addKeyValue("action", SafeTextFields.escape(action))
                .addKeyValue("status", status);
        if (errorCode != null) {
            event = event.addKeyValue("errorCode", errorCode).addKeyValue("detail", detail);
        }
        event.log();
    }
}
