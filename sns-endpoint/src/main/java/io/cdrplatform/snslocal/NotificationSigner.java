package io.cdrplatform.snslocal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs notifications the way SNS does for {@code SignatureVersion 1} (SHA1withRSA over the
 * canonical "Message/MessageId/Subject/Timestamp/TopicArn/Type" string), with an RSA key made for
 * this process. The signature is real and checkable against {@link #publicKeyPem()}; it does not
 * chain to an AWS certificate, so a verifier that insists on amazonaws.com certificates rejects it.
 */
final class NotificationSigner {
    static final String SIGNATURE_VERSION = "1";

    private final KeyPair keyPair;

    NotificationSigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keyPair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA key generator in this JVM", e);
        }
    }

    String sign(String message, String messageId, String subject, Instant timestamp, String topicArn) {
        String canonical = canonical(message, messageId, subject, timestamp, topicArn);
        try {
            Signature signature = Signature.getInstance("SHA1withRSA");
            signature.initSign(keyPair.getPrivate());
            signature.update(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a notification", e);
        }
    }

    static String canonical(String message, String messageId, String subject, Instant timestamp, String topicArn) {
        StringBuilder text = new StringBuilder(message.length() + 256);
        text.append("Message\n").append(message).append('\n');
        text.append("MessageId\n").append(messageId).append('\n');
        if (subject != null) {
            text.append("Subject\n").append(subject).append('\n');
        }
        text.append("Timestamp\n").append(SnsEnvelopeWriter.timestamp(timestamp)).append('\n');
        text.append("TopicArn\n").append(topicArn).append('\n');
        text.append("Type\n").append(SnsNotification.TYPE).append('\n');
        return text.toString();
    }

    PublicKey publicKey() {
        return keyPair.getPublic();
    }

    String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keyPair.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }
}
