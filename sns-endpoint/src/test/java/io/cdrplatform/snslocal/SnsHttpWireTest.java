package io.cdrplatform.snslocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The exact XML on the wire, checked with a plain HTTP client and a namespace-aware XML parser. */
class SnsHttpWireTest {
    private final RecordingSink sink = new RecordingSink();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private SnsEndpoint endpoint;

    @BeforeEach
    void startEndpoint() throws Exception {
        endpoint = new SnsEndpoint(SnsEndpointConfig.defaults().withPort(0), sink).start();
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.close();
    }

    private HttpResponse<String> post(String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoint.endpointUri().resolve("/"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Document xml(String body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document document, String element) {
        return document.getElementsByTagNameNS(SnsXmlWriter.NAMESPACE, element).item(0).getTextContent();
    }

    @Test
    void a_publish_is_answered_with_the_sns_namespace_result_and_request_id() throws Exception {
        // when
        HttpResponse<String> response = post("application/x-www-form-urlencoded; charset=utf-8",
                "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Acall-events"
                        + "&Message=%7B%22a%22%3A1%7D");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/xml");
        Document document = xml(response.body());
        Element root = document.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("PublishResponse");
        assertThat(root.getNamespaceURI()).isEqualTo("http://sns.amazonaws.com/doc/2010-03-31/");
        assertThat(text(document, "MessageId")).isEqualTo(sink.notifications().get(0).messageId());
        assertThat(text(document, "RequestId")).isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertThat(sink.notifications().get(0).message()).isEqualTo("{\"a\":1}");
    }

    @Test
    void an_error_is_an_sns_error_response_with_type_code_message_and_request_id() throws Exception {
        // when
        HttpResponse<String> response = post("application/x-www-form-urlencoded",
                "Action=GetTopicAttributes&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Amissing");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        Document document = xml(response.body());
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("ErrorResponse");
        assertThat(text(document, "Type")).isEqualTo("Sender");
        assertThat(text(document, "Code")).isEqualTo("NotFound");
        assertThat(text(document, "Message")).isEqualTo("Topic does not exist");
        assertThat(text(document, "RequestId")).matches("[0-9a-f-]{36}");
    }

    @Test
    void unknown_and_missing_actions_are_refused_as_the_senders_fault() throws Exception {
        HttpResponse<String> unknown = post("application/x-www-form-urlencoded", "Action=Subscribe&Protocol=sqs");
        HttpResponse<String> missing = post("application/x-www-form-urlencoded", "TopicArn=x");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(text(xml(unknown.body()), "Code")).isEqualTo("InvalidAction");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(text(xml(missing.body()), "Code")).isEqualTo("MissingAction");
    }

    @Test
    void a_json_protocol_request_is_refused_with_an_error_naming_the_query_protocol() throws Exception {
        // when
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.endpointUri())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AmazonSNS.Publish")
                .POST(HttpRequest.BodyPublishers.ofString("{\"TopicArn\":\"x\",\"Message\":\"m\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(xml(response.body()), "Message")).contains("query protocol");
        assertThat(sink.calls()).isZero();
    }

    @Test
    void a_get_with_query_parameters_is_served_like_a_post() throws Exception {
        // when
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(endpoint.endpointUri() + "/?Action=ListTopics&Version=2010-03-31")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(xml(response.body()), "TopicArn")).isEqualTo(SnsEndpointConfig.CALL_EVENTS_TOPIC_ARN);
    }

    @Test
    void malformed_percent_encoding_is_a_malformed_query_string() throws Exception {
        HttpResponse<String> response = post("application/x-www-form-urlencoded", "Action=Publish&Message=%zz");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(xml(response.body()), "Code")).isEqualTo("MalformedQueryString");
    }

    @Test
    void an_oversized_request_is_refused_without_reaching_the_sink() throws Exception {
        HttpResponse<String> response = post("application/x-www-form-urlencoded",
                "Action=Publish&Message=" + "x".repeat(SnsHttpHandler.MAX_REQUEST_BYTES + 1));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(sink.calls()).isZero();
    }

    @Test
    void markup_in_an_error_message_is_escaped() throws Exception {
        // when: the attribute name is echoed back in the error message
        HttpResponse<String> response = post("application/x-www-form-urlencoded",
                "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Acall-events&Message=m"
                        + "&MessageAttributes.entry.1.Name=%3Cb%3E%26&MessageAttributes.entry.1.Value.DataType=String"
                        + "&MessageAttributes.entry.1.Value.StringValue=v");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(xml(response.body()), "Message")).contains("<b>&");
    }
}
