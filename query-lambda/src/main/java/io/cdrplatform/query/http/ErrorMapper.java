package io.cdrplatform.query.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns an exception into a status and a JSON error body
 * {@code {"error": "<code>", "message": "..."}}. Anything unexpected is a 500 whose details go to
 * the log only.
 */
public final class ErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    public ApiResponse toResponse(Throwable failure) {
        ApiException known = classify(failure);
        if (known.status() >= 500) {
            LOG.error("request failed: {}", known.getMessage(), failure);
        }
        ApiResponse response = error(known.status(), known.code(), known.getMessage());
        if (known instanceof MethodNotAllowedException notAllowed) {
            response = response.withHeader("Allow", notAllowed.allowed());
        }
        return response;
    }

    /** Maps store outages to 503 and everything unknown to 500; known API failures pass through. */
    public ApiException classify(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof MongoTimeoutException || failure instanceof MongoSocketException) {
            return new ServiceUnavailableException("mongodb_unavailable", "MongoDB does not answer; try again later", failure);
        }
        if (failure instanceof RedisException) {
            return new ServiceUnavailableException("redis_unavailable", "Redis does not answer; try again later", failure);
        }
        return new InternalError(failure);
    }

    public static ApiResponse error(int status, String code, String message) {
        return ApiResponse.json(status, out -> {
            try (JsonGenerator json = Json.generator(out)) {
                json.writeStartObject();
                json.writeStringField("error", code);
                json.writeStringField("message", message);
                json.writeEndObject();
            }
        });
    }

    private static final class InternalError extends ApiException {
        InternalError(Throwable cause) {
            super(500, "internal_error", "the request failed on the server; the error is logged", cause);
        }
    }
}
