package io.cdrplatform.query.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrplatform.query.failure.BadParameterException;
import io.cdrplatform.query.failure.NotFoundException;
import io.cdrplatform.query.failure.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns an exception into a status and a JSON error body
 * {@code {"error": "<code>", "message": "..."}}: the domain's failures (a bad parameter, something
 * not found, a store that does not answer), the transport's (no such route, another method, an
 * answer too large), and anything unexpected as a 500 whose details go to the log only. It knows no
 * store driver: the store adapters translate their outages into {@link StoreUnavailableException}.
 */
public final class ErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String INTERNAL_MESSAGE = "the request failed on the server; the error is logged";

    public ApiResponse toResponse(Throwable failure) {
        if (failure instanceof BadParameterException bad) {
            return error(400, "invalid_parameter", bad.getMessage());
        }
        if (failure instanceof NotFoundException notFound) {
            return error(404, switch (notFound.subject()) {
                case CALL -> "call_not_found";
                case DASHBOARD_FILE -> "asset_not_found";
            }, notFound.getMessage());
        }
        if (failure instanceof RouteNotFoundException noRoute) {
            return error(404, "route_not_found", noRoute.getMessage());
        }
        if (failure instanceof MethodNotAllowedException notAllowed) {
            return error(405, "method_not_allowed", notAllowed.getMessage()).withHeader("Allow", notAllowed.allowed());
        }
        if (failure instanceof PayloadTooLargeException tooLarge) {
            return error(413, "response_too_large", tooLarge.getMessage());
        }
        if (failure instanceof StoreUnavailableException unavailable) {
            LOG.error("request failed: {}", unavailable.getMessage(), failure);
            return error(503, switch (unavailable.store()) {
                case MONGODB -> "mongodb_unavailable";
                case REDIS -> "redis_unavailable";
            }, unavailable.getMessage());
        }
        LOG.error("request failed: {}", INTERNAL_MESSAGE, failure);
        return error(500, "internal_error", INTERNAL_MESSAGE);
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
}
