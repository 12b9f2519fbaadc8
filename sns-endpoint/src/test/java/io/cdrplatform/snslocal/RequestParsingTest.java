package io.cdrplatform.snslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Query-protocol parameters, message validation and XML escaping, without sockets. */
class RequestParsingTest {
    private static QueryParams params(String form) {
        Map<String, String> values = new LinkedHashMap<>();
        QueryRequestReader.decodeForm(form, values);
        return new QueryParams(values);
    }

    private static SnsErrorCode errorOf(Runnable action) {
        try {
            action.run();
        } catch (SnsException e) {
            return e.errorCode();
        }
        throw new AssertionError("expected an SnsException");
    }

    @Test
    void list_members_and_map_entries_come_back_in_index_order_not_text_order() {
        QueryParams params = params("L.member.10.Id=ten&L.member.2.Id=two&L.member.1.Id=one"
                + "&L.member.2.MessageAttributes.entry.1.Name=k&M.entry.1.key=a&M.entry.1.value=b");

        List<QueryParams> members = params.members("L");

        assertThat(members).extracting(m -> m.get("Id")).containsExactly("one", "two", "ten");
        assertThat(members.get(1).entries("MessageAttributes")).singleElement()
                .satisfies(entry -> assertThat(entry.get("Name")).isEqualTo("k"));
        assertThat(params.entries("M")).singleElement().satisfies(entry -> assertThat(entry.get("value")).isEqualTo("b"));
    }

    @Test
    void a_malformed_list_index_is_a_malformed_query_string() {
        assertThat(errorOf(() -> params("L.member.x.Id=a").members("L"))).isEqualTo(SnsErrorCode.MALFORMED_QUERY_STRING);
        assertThat(errorOf(() -> params("L.member.0.Id=a").members("L"))).isEqualTo(SnsErrorCode.MALFORMED_QUERY_STRING);
        assertThat(errorOf(() -> params("L.member.99999999999.Id=a").members("L")))
                .isEqualTo(SnsErrorCode.MALFORMED_QUERY_STRING);
    }

    @Test
    void form_decoding_handles_plus_percent_and_utf8() {
        assertThat(params("Message=a+b%2Bc%20%E2%82%AC&Empty=&Bare").asMap())
                .containsEntry("Message", "a b+c \u20ac").containsEntry("Empty", "").containsEntry("Bare", "");
    }

    @Test
    void the_region_comes_from_the_sigv4_credential_scope_else_the_default() {
        QueryRequestReader reader = new QueryRequestReader("us-east-1");
        byte[] body = "Action=ListTopics".getBytes(StandardCharsets.UTF_8);

        QueryRequest signed = reader.read("r", "POST", null, "application/x-www-form-urlencoded", body,
                "AWS4-HMAC-SHA256 Credential=AKID/20240115/eu-central-1/sns/aws4_request, SignedHeaders=host, Signature=x");
        QueryRequest unsigned = reader.read("r", "POST", null, null, body, null);

        assertThat(signed.region()).isEqualTo("eu-central-1");
        assertThat(unsigned.region()).isEqualTo("us-east-1");
        assertThat(signed.action()).isEqualTo("ListTopics");
    }

    @Test
    void body_parameters_win_over_url_parameters() {
        QueryRequest request = new QueryRequestReader("us-east-1").read("r", "POST", "Action=ListTopics&Extra=1",
                "application/x-www-form-urlencoded", "Action=Publish".getBytes(StandardCharsets.UTF_8), null);

        assertThat(request.action()).isEqualTo("Publish");
        assertThat(request.params().get("Extra")).isEqualTo("1");
    }

    @Test
    void message_attributes_follow_the_sns_rules() {
        PublishEntry entry = PublishEntryParser.parse(null, params("Message=m"
                + "&MessageAttributes.entry.1.Name=s&MessageAttributes.entry.1.Value.DataType=String.custom"
                + "&MessageAttributes.entry.1.Value.StringValue=v"
                + "&MessageAttributes.entry.2.Name=a&MessageAttributes.entry.2.Value.DataType=String.Array"
                + "&MessageAttributes.entry.2.Value.StringValue=%5B%22x%22%2C1%5D"
                + "&MessageAttributes.entry.3.Name=n&MessageAttributes.entry.3.Value.DataType=Number"
                + "&MessageAttributes.entry.3.Value.StringValue=-1.5e3"));

        assertThat(entry.attributes()).containsExactly(
                Map.entry("s", new MessageAttribute("String.custom", "v")),
                Map.entry("a", new MessageAttribute("String.Array", "[\"x\",1]")),
                Map.entry("n", new MessageAttribute("Number", "-1.5e3")));
    }

    @Test
    void broken_message_attributes_are_parameter_value_invalid() {
        String base = "Message=m&MessageAttributes.entry.1.Name=";
        for (String broken : List.of(
                base + "k&MessageAttributes.entry.1.Value.DataType=String",
                base + "k&MessageAttributes.entry.1.Value.DataType=Binary&MessageAttributes.entry.1.Value.BinaryValue=%25%25",
                base + "k&MessageAttributes.entry.1.Value.DataType=String.Array&MessageAttributes.entry.1.Value.StringValue=x",
                base + ".k&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=x",
                base + "a..b&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=x",
                base + "Amazon.x&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=x",
                "Message=m&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=x")) {
            assertThat(errorOf(() -> PublishEntryParser.parse(null, params(broken))))
                    .as(broken).isEqualTo(SnsErrorCode.PARAMETER_VALUE_INVALID);
        }
    }

    @Test
    void subject_and_structure_rules_are_invalid_parameters() {
        assertThat(errorOf(() -> PublishEntryParser.parse(null, params("Message=m&Subject=")))).isEqualTo(SnsErrorCode.INVALID_PARAMETER);
        assertThat(errorOf(() -> PublishEntryParser.parse(null, params("Message=m&Subject=a%0Ab"))))
                .isEqualTo(SnsErrorCode.INVALID_PARAMETER);
        assertThat(errorOf(() -> PublishEntryParser.parse(null, params("Message=m&Subject=" + "s".repeat(100)))))
                .isEqualTo(SnsErrorCode.INVALID_PARAMETER);
        assertThat(errorOf(() -> PublishEntryParser.parse(null, params("Message=m&MessageStructure=xml"))))
                .isEqualTo(SnsErrorCode.INVALID_PARAMETER);
        assertThat(errorOf(() -> PublishEntryParser.parse(null, params("Message=%7Bnot&MessageStructure=json"))))
                .isEqualTo(SnsErrorCode.INVALID_PARAMETER);
        assertThat(PublishEntryParser.parse(null, params("Message=m&Subject=" + "s".repeat(99))).subject()).hasSize(99);
    }

    @Test
    void the_size_limit_counts_utf8_bytes_not_characters() {
        String euros = "\u20ac".repeat(262_144 / 3 + 1);
        Map<String, String> values = new HashMap<>();
        values.put("Message", euros);

        assertThat(errorOf(() -> PublishEntryParser.parse(null, new QueryParams(values)))).isEqualTo(SnsErrorCode.INVALID_PARAMETER);
    }

    @Test
    void xml_escaping_keeps_text_and_replaces_what_xml_cannot_carry() {
        StringBuilder xml = new StringBuilder();
        SnsXmlWriter.escape(xml, "a<b>&\"'\r\n\t\u0001\ud83d\udcde\ud800");

        assertThat(xml.toString()).isEqualTo("a&lt;b&gt;&amp;&quot;&apos;&#13;\n\t\ufffd\ud83d\udcde\ufffd");
    }

    @Test
    void topic_arns_parse_and_print_back() {
        assertThat(TopicArn.parse("arn:aws:sns:eu-west-1:123456789012:my_topic-1"))
                .hasValue(new TopicArn("aws", "eu-west-1", "123456789012", "my_topic-1"));
        assertThat(TopicArn.parse("arn:aws:sqs:eu-west-1:123456789012:q")).isEmpty();
        assertThat(TopicArn.parse("arn:aws:sns:eu-west-1:1234:t")).isEmpty();
        assertThat(TopicArn.of("us-east-1", "call-events").toString()).isEqualTo(SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN);
    }

    @Test
    void configuration_reads_its_variables_and_names_a_bad_one() {
        SnsEndpointConfig config = SnsEndpointConfig.fromEnv(Map.of("LOCAL_SNS_PORT", "14566", "LOCAL_SNS_BATCH_WINDOW_MS", "5",
                "LOCAL_SNS_TOPIC_ARNS", "arn:aws:sns:eu-west-1:000000000000:a, arn:aws:sns:us-east-1:000000000000:b"));

        assertThat(config.port()).isEqualTo(14566);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.batchWindow()).hasMillis(5);
        assertThat(config.topicArns()).containsExactly("arn:aws:sns:eu-west-1:000000000000:a", "arn:aws:sns:us-east-1:000000000000:b");
        assertThat(SnsEndpointConfig.fromEnv(Map.of())).isEqualTo(SnsEndpointConfig.defaults());
        assertThatThrownBy(() -> SnsEndpointConfig.fromEnv(Map.of("LOCAL_SNS_PORT", "http")))
                .hasMessageContaining("LOCAL_SNS_PORT");
        assertThatThrownBy(() -> SnsEndpointConfig.fromEnv(Map.of("LOCAL_SNS_TOPIC_ARNS", "call-events")))
                .hasMessageContaining("call-events");
    }
}
