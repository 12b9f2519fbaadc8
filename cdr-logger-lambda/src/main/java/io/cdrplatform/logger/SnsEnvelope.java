package io.cdrplatform.logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The call event inside an SQS message body: SNS -> SQS wraps it in the SNS notification envelope
 * ({@code {"Type": "Notification", "Message": "<event JSON>", ...}}); with raw message delivery the
 * body is the event itself. Anything else is handed on as it is, for the event validation to reject.
 */
public final class SnsEnvelope {

    private final ObjectMapper mapper = new ObjectMapper();

    /** The SNS {@code Message} when {@code body} is an SNS notification envelope, else {@code body}. */
    public String messageOf(String body) {
        if (body == null || !body.contains("\"Message\"") || !body.contains("\"Type\"")) {
            return body;
        }
        try {
            JsonNode root = mapper.readTree(body);
            if (root != null && root.isObject()
                    && "Notification".equals(root.path("Type").asText(null))
                    && root.path("Message").isTextual()) {
                return root.get("Message").textValue();
            }
        } catch (JsonProcessingException e) {
            // Not JSON: the event validation reports it as malformed_json.
        }
        return body;
    }
}
