package io.cdrplatform.logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The call event inside an SQS message body: SNS -> SQS wraps it in the SNS notification envelope
 * ({@code {"Type": "Notification", "Message": "<event JSON>", ...}}); with raw message delivery the
 * body is the event itself. Anything else is handed on as it is, for the event validation to reject.
 * Reads the envelope's top-level fields with a streaming parser, skipping everything else.
 */
public final class SnsEnvelopeReader {

    private final JsonFactory json = new JsonFactory();

    /** The SNS {@code Message} when {@code body} is an SNS notification envelope, else {@code body}. */
    public String messageOf(String body) {
        if (body == null || !body.contains("\"Message\"") || !body.contains("\"Type\"")) {
            return body;
        }
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return body;
            }
            String type = null;
            String message = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("Type".equals(field) && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else if ("Message".equals(field) && value == JsonToken.VALUE_STRING) {
                    message = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            return "Notification".equals(type) && message != null ? message : body;
        } catch (IOException e) {
            // Not JSON: the event validation reports it as malformed_json.
            return body;
        }
    }
}
