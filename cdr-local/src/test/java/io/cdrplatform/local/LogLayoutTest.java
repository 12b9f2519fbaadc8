package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

/** cdr-local's JSON log line carries the key-values of every piece it runs, each once. */
class LogLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode render(Log4jLogEvent.Builder event) throws Exception {
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder()
                .setConfiguration(new DefaultConfiguration())
                .setEventTemplateUri("classpath:cdr-local-log-template.json")
                .build();
        String line = layout.toSerializable(event.setLoggerName("test").build());
        assertThat(line).endsWith("\n").doesNotContain("\n{");
        return JSON.readTree(line);
    }

    @Test
    void aSkippedEventWarningOfTheCdrLoggerNamesTheCallIdAndTheReason() throws Exception {
        // given the cdr-logger's WARN for a skipped event (Powertools structured arguments)
        Log4jLogEvent.Builder event = Log4jLogEvent.newBuilder().setLevel(Level.WARN)
                .setMessage(new ParameterizedMessage("event skipped: invalid_call_id",
                        entry("callId", "c\\x00-1"), entry("reason", "invalid_call_id")));

        // when it is rendered by cdr-local's layout
        JsonNode line = render(event);

        // then the line names the call and the reason
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("message").asText()).isEqualTo("event skipped: invalid_call_id");
        assertThat(line.path("callId").asText()).isEqualTo("c\\x00-1");
        assertThat(line.path("reason").asText()).isEqualTo("invalid_call_id");
        assertThat(line.path("service").asText()).isEqualTo("cdr-local");
    }

    @Test
    void slf4jKeyValuesOfTheBridgeAndTheQueryApiAppearOnce() throws Exception {
        // given a line with context key-values (what SLF4J's addKeyValue becomes in log4j)
        SortedArrayStringMap context = new SortedArrayStringMap();
        context.putValue("peer", "127.0.0.1:5000");
        context.putValue("campaignId", "c");
        Log4jLogEvent.Builder event = Log4jLogEvent.newBuilder().setLevel(Level.INFO)
                .setMessage(new ParameterizedMessage("PBX connected")).setContextData(context);

        // when it is rendered
        String text = JSON.writeValueAsString(render(event));

        // then each key-value is there, once
        assertThat(render(event).path("peer").asText()).isEqualTo("127.0.0.1:5000");
        assertThat(text.split("\"peer\"", -1)).hasSize(2);
        assertThat(text.split("\"campaignId\"", -1)).hasSize(2);
    }
}
