package io.cdrplatform.snslocal;

import java.util.Objects;

/**
 * One SNS query-protocol request, transport removed.
 *
 * @param requestId the id this endpoint gave the request (echoed in the answer and the logs)
 * @param region    the region the client signed for (its SigV4 credential scope), or the endpoint's
 * @param params    the request's parameters
 */
public record QueryRequest(String requestId, String region, QueryParams params) {
    public QueryRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(params, "params");
    }

    public String action() {
        return params.get("Action");
    }
}
