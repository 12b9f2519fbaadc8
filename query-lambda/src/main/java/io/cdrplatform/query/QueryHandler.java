package io.cdrplatform.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mongodb.client.MongoDatabase;
import io.cdrplatform.query.http.ApiRequest;
import io.cdrplatform.query.http.ApiResponse;
import io.cdrplatform.query.http.PayloadTooLargeException;
import io.cdrplatform.query.http.QueryParameters;
import io.cdrplatform.store.clients.StoreClients;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway HTTP API (payload 2.0) handler for every route of CONTRACT section 4. Routes on the
 * request path itself, so it works behind one {@code $default} / {@code ANY /{proxy+}} route as
 * well as behind the four explicit routes.
 *
 * <p>Lambda returns at most 6 MB: the body is buffered within {@link #MAX_BODY_BYTES} (counted as
 * it will be escaped in the response JSON), and a larger answer is a 413 telling the caller to
 * narrow the range.
 */
public final class QueryHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** Leaves room under Lambda's 6,291,456-byte response limit for the envelope and headers. */
    public static final int MAX_BODY_BYTES = 6_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);

    private final QueryApi api;
    private final int maxBodyBytes;

    /** The Lambda way: clients built once per cold start from the environment. */
    public QueryHandler() {
        this(QueryConfig.fromEnv(System.getenv()));
    }

    /** Clients built once from {@code config}, by the factories every module uses. */
    QueryHandler(QueryConfig config) {
        this(QueryApi.create(StoreClients.mongo(config.stores(), QueryConfig.APPLICATION_NAME)
                        .getDatabase(config.mongoDatabase()), config.redisClient(), config.cursorSecret(), Clock.systemUTC()),
                MAX_BODY_BYTES);
        LOG.info("query handler ready: {}", config);
    }

    /** For tests and cdr-local: existing clients ({@code redis} carrying its URI and timeouts). */
    public QueryHandler(MongoDatabase database, RedisClient redis, String cursorSecret, Clock clock) {
        this(QueryApi.create(database, redis, cursorSecret, clock), MAX_BODY_BYTES);
    }

    public QueryHandler(QueryApi api, int maxBodyBytes) {
        this.api = api;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiResponse response = api.handle(toRequest(event));
        return toLambda(response);
    }

    public static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext requestContext = event.getRequestContext();
        String method = requestContext != null && requestContext.getHttp() != null ? requestContext.getHttp().getMethod() : null;
        String path = event.getRawPath();
        if (path == null && requestContext != null && requestContext.getHttp() != null) {
            path = requestContext.getHttp().getPath();
        }
        String stage = requestContext == null ? null : requestContext.getStage();
        if (path != null && stage != null && !stage.equals("$default") && path.startsWith("/" + stage + "/")) {
            path = path.substring(stage.length() + 1);
        }
        QueryParameters query = event.getRawQueryString() != null
                ? QueryParameters.parse(event.getRawQueryString())
                : QueryParameters.of(event.getQueryStringParameters());
        return new ApiRequest(method, path, query, event.getHeaders());
    }

    private APIGatewayV2HTTPResponse toLambda(ApiResponse response) {
        JsonBudgetOutputStream body = new JsonBudgetOutputStream(maxBodyBytes);
        try {
            response.body().writeTo(body);
        } catch (PayloadTooLargeException e) {
            LOG.warn("answer larger than {} bytes refused with 413", maxBodyBytes);
            return errorToLambda(e);
        } catch (UncheckedIOException e) {
            return errorToLambda(e.getCause());
        } catch (IOException | RuntimeException e) {
            return errorToLambda(e);
        }
        if (response.binary()) {
            String encoded = Base64.getEncoder().encodeToString(body.toByteArray());
            if (encoded.length() > maxBodyBytes) {
                return errorToLambda(new PayloadTooLargeException("the answer is larger than a Lambda response can carry"));
            }
            return lambdaResponse(response, encoded, true);
        }
        return lambdaResponse(response, body.text(), false);
    }

    /** A failure while writing the body (MongoDB lost mid-export, say): its error answer instead. */
    private APIGatewayV2HTTPResponse errorToLambda(Throwable failure) {
        ApiResponse error = api.errors().toResponse(failure);
        JsonBudgetOutputStream body = new JsonBudgetOutputStream(Long.MAX_VALUE);
        try {
            error.body().writeTo(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lambdaResponse(error, body.text(), false);
    }

    /** Binary bodies (compressed or non-text files) go base64-encoded; API Gateway decodes them. */
    private static APIGatewayV2HTTPResponse lambdaResponse(ApiResponse response, String body, boolean base64) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(new LinkedHashMap<>(response.headers()))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .build();
    }

    /**
     * Buffers a body and counts its size as it will appear inside the Lambda response JSON
     * (quotes, backslashes and control bytes get escaped), refusing to grow past the budget.
     */
    static final class JsonBudgetOutputStream extends java.io.ByteArrayOutputStream {
        private final long budget;
        private long escapedSize;

        JsonBudgetOutputStream(long budget) {
            super(8192);
            this.budget = budget;
        }

        @Override
        public synchronized void write(int b) {
            count(b);
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                count(bytes[i]);
            }
            super.write(bytes, offset, length);
        }

        private void count(int b) {
            int unsigned = b & 0xff;
            if (unsigned == '"' || unsigned == '\\' || unsigned == '\n' || unsigned == '\r' || unsigned == '\t') {
                escapedSize += 2;
            } else if (unsigned < 0x20) {
                escapedSize += 6;
            } else {
                escapedSize += 1;
            }
            if (escapedSize > budget) {
                throw new PayloadTooLargeException("the answer is larger than the " + (budget / 1_000_000)
                        + " MB a Lambda response can carry; narrow startDate/endDate or outcome "
                        + "(for CSV) or lower limit (for JSON pages)");
            }
        }

        String text() {
            return new String(buf, 0, count, StandardCharsets.UTF_8);
        }
    }
}
