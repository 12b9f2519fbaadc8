package io.cdrplatform.snslocal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes SNS query-protocol answers: {@code <ActionResponse>} with its result and ResponseMetadata, or an ErrorResponse. */
final class SnsXmlWriter {
    static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private SnsXmlWriter() {
    }

    static byte[] result(SnsResult result, String requestId) {
        StringBuilder xml = new StringBuilder(256);
        String action = result.action();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append('<').append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
        xml.append('<').append(action).append("Result>");
        if (result instanceof SnsResult.TopicCreated created) {
            element(xml, "TopicArn", created.topicArn());
        } else if (result instanceof SnsResult.TopicList list) {
            topics(xml, list);
        } else if (result instanceof SnsResult.TopicAttributes attributes) {
            attributes(xml, attributes);
        } else if (result instanceof SnsResult.Published published) {
            element(xml, "MessageId", published.messageId());
        } else if (result instanceof SnsResult.BatchPublished batch) {
            batch(xml, batch);
        }
        xml.append("</").append(action).append("Result>");
        xml.append("<ResponseMetadata>");
        element(xml, "RequestId", requestId);
        xml.append("</ResponseMetadata>");
        xml.append("</").append(action).append("Response>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void topics(StringBuilder xml, SnsResult.TopicList list) {
        xml.append("<Topics>");
        for (String arn : list.topicArns()) {
            xml.append("<member>");
            element(xml, "TopicArn", arn);
            xml.append("</member>");
        }
        xml.append("</Topics>");
        if (list.nextToken() != null) {
            element(xml, "NextToken", list.nextToken());
        }
    }

    private static void attributes(StringBuilder xml, SnsResult.TopicAttributes attributes) {
        xml.append("<Attributes>");
        for (Map.Entry<String, String> entry : attributes.attributes().entrySet()) {
            xml.append("<entry>");
            element(xml, "key", entry.getKey());
            element(xml, "value", entry.getValue());
            xml.append("</entry>");
        }
        xml.append("</Attributes>");
    }

    private static void batch(StringBuilder xml, SnsResult.BatchPublished batch) {
        xml.append("<Successful>");
        for (SnsResult.BatchSuccess success : batch.successful()) {
            xml.append("<member>");
            element(xml, "Id", success.id());
            element(xml, "MessageId", success.messageId());
            xml.append("</member>");
        }
        xml.append("</Successful><Failed>");
        for (SnsResult.BatchFailure failure : batch.failed()) {
            xml.append("<member>");
            element(xml, "Id", failure.id());
            element(xml, "Code", failure.code().code());
            element(xml, "Message", failure.message());
            element(xml, "SenderFault", String.valueOf(failure.code().senderFault()));
            xml.append("</member>");
        }
        xml.append("</Failed>");
    }

    static byte[] error(SnsErrorCode code, String message, String requestId) {
        StringBuilder xml = new StringBuilder(256);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<ErrorResponse xmlns=\"").append(NAMESPACE).append("\"><Error>");
        element(xml, "Type", code.fault().wireName());
        element(xml, "Code", code.code());
        element(xml, "Message", message);
        xml.append("</Error>");
        element(xml, "RequestId", requestId);
        xml.append("</ErrorResponse>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder xml, String name, String text) {
        xml.append('<').append(name).append('>');
        escape(xml, text == null ? "" : text);
        xml.append("</").append(name).append('>');
    }

    /** Markup characters become entities; characters XML 1.0 cannot carry (most controls) become U+FFFD. */
    static void escape(StringBuilder xml, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                case '\r' -> xml.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF) {
                        xml.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        xml.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        xml.append('\uFFFD');
                    } else {
                        xml.append(c);
                    }
                }
            }
        }
    }
}
