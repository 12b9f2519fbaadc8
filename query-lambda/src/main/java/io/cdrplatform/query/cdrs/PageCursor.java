package io.cdrplatform.query.cdrs;

import io.cdrplatform.core.id.IdRule;
import io.cdrplatform.query.failure.BadParameterException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque {@code nextCursor}: the keyset position (startTime, callId) of the last CDR of a page,
 * bound to the query it came from and signed with HMAC-SHA256, so that an altered, truncated or
 * foreign cursor is a 400 rather than a wrong page.
 *
 * <p>Layout before base64url: version (1 byte) | startTime epoch ms (8) | query fingerprint (8,
 * SHA-256 of the filter) | callId (UTF-8) | HMAC-SHA256 of all that, first 16 bytes.
 */
public final class PageCursor {

    public static final String PARAMETER = "cursor";

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 8 + 8;
    private static final int MAC_BYTES = 16;

    private final SecretKeySpec key;

    public PageCursor(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the cursor secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Where the next page starts: after the CDR with this start time and callId. */
    public record Position(Instant startTime, String callId) {
    }

    public String encode(Position position, CdrFilter filter) {
        byte[] callId = position.callId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(HEADER + callId.length + MAC_BYTES);
        payload.put(VERSION).putLong(position.startTime().toEpochMilli()).put(fingerprint(filter)).put(callId);
        payload.put(mac(payload.array(), HEADER + callId.length));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array());
    }

    public Position decode(String token, CdrFilter filter) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (bytes.length < HEADER + 1 + MAC_BYTES || bytes.length > HEADER + 512 + MAC_BYTES) {
            throw malformed();
        }
        int signedLength = bytes.length - MAC_BYTES;
        byte[] givenMac = Arrays.copyOfRange(bytes, signedLength, bytes.length);
        if (!MessageDigest.isEqual(givenMac, mac(bytes, signedLength))) {
            throw new BadParameterException(PARAMETER, "cursor is not one this API issued (it was altered or truncated); "
                    + "start again without a cursor");
        }
        ByteBuffer payload = ByteBuffer.wrap(bytes, 0, signedLength);
        byte version = payload.get();
        long startMillis = payload.getLong();
        byte[] queryPrint = new byte[8];
        payload.get(queryPrint);
        String callId = new String(bytes, HEADER, signedLength - HEADER, StandardCharsets.UTF_8);
        if (version != VERSION || !IdRule.ID.matches(callId)) {
            throw malformed();
        }
        if (!Arrays.equals(queryPrint, fingerprint(filter))) {
            throw new BadParameterException(PARAMETER, "cursor belongs to a query with other filters; "
                    + "keep campaignId, startDate, endDate and outcome as they were for the first page");
        }
        return new Position(Instant.ofEpochMilli(startMillis), callId);
    }

    private static BadParameterException malformed() {
        return new BadParameterException(PARAMETER, "cursor is malformed; pass the nextCursor of the previous page as it was");
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(data, 0, length);
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] fingerprint(CdrFilter filter) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(filter.scope().getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
