package io.cdrplatform.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.query.cdrs.CdrFilter;
import io.cdrplatform.query.cdrs.PageCursor;
import io.cdrplatform.query.failure.BadParameterException;
import io.cdrplatform.query.range.DateRange;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the list API's cursor decoder ({@link PageCursor}, query-lambda). Any
 * text given as {@code cursor} decodes to a position or is a {@link BadParameterException} on the
 * {@code cursor} parameter (a 400), never anything else; a cursor the API made decodes to the
 * position it was made from, only for the query it was made for; and a cursor with any character
 * changed is refused (the HMAC), unless the change leaves the same bytes.
 *
 * <p>The first input byte picks the mode: odd bytes fuzz the decoder with the rest as the token,
 * even bytes build a position and a query from the rest and check the round trip.
 */
class PageCursorFuzzTest {

    private static final PageCursor CURSORS = new PageCursor("fuzzing-secret-0123456789");
    private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final CdrFilter FILTER = new CdrFilter("campaign-1",
            new DateRange(Instant.parse("2024-01-01T00:00:00Z"), null), Set.of());

    @FuzzTest(maxDuration = "30s")
    void decodeAnswersAPositionOrABadParameter(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            decodeAnything(data.consumeRemainingAsString());
        } else {
            roundTrip(data);
        }
    }

    private static void decodeAnything(String token) {
        PageCursor.Position position;
        try {
            position = CURSORS.decode(token, FILTER);
        } catch (BadParameterException e) {
            assertThat(e.parameter()).isEqualTo(PageCursor.PARAMETER);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        // only a cursor made with the secret gets here: it must be a sound position
        assertThat(position.callId()).matches("[A-Za-z0-9._:-]{1,128}");
        assertThat(CURSORS.decode(CURSORS.encode(position, FILTER), FILTER)).isEqualTo(position);
    }

    private static void roundTrip(FuzzedDataProvider data) {
        Instant startTime = Instant.ofEpochMilli(data.consumeLong());
        StringBuilder callId = new StringBuilder();
        for (byte b : data.consumeBytes(128)) {
            callId.append(ID_CHARACTERS.charAt((b & 0xff) % ID_CHARACTERS.length()));
        }
        if (callId.length() == 0) {
            callId.append('c');
        }
        Instant from = data.consumeBoolean() ? Instant.ofEpochMilli(data.consumeLong(-62_135_596_800_000L, 253_402_300_799_999L)) : null;
        Instant until = data.consumeBoolean() ? Instant.ofEpochMilli(data.consumeLong(-62_135_596_800_000L, 253_402_300_799_999L)) : null;
        Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
        int mask = data.consumeInt();
        for (Outcome outcome : Outcome.values()) {
            if ((mask & (1 << outcome.ordinal())) != 0) {
                outcomes.add(outcome);
            }
        }
        CdrFilter filter = new CdrFilter(data.consumeString(64), new DateRange(from, until), outcomes);
        PageCursor.Position position = new PageCursor.Position(startTime, callId.toString());

        String token = CURSORS.encode(position, filter);
        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(CURSORS.decode(token, filter)).isEqualTo(position);

        CdrFilter otherCampaign = new CdrFilter(filter.campaignId() + "x", filter.range(), filter.outcomes());
        assertThatThrownBy(() -> CURSORS.decode(token, otherCampaign)).isInstanceOf(BadParameterException.class);

        int index = data.consumeInt(0, token.length() - 1);
        char replacement = BASE64URL.charAt(data.consumeInt(0, BASE64URL.length() - 1));
        if (replacement == token.charAt(index)) {
            return;
        }
        String altered = token.substring(0, index) + replacement + token.substring(index + 1);
        if (Arrays.equals(Base64.getUrlDecoder().decode(altered), Base64.getUrlDecoder().decode(token))) {
            // only the unused low bits of the last character changed: the same cursor
            assertThat(CURSORS.decode(altered, filter)).isEqualTo(position);
        } else {
            assertThatThrownBy(() -> CURSORS.decode(altered, filter)).isInstanceOf(BadParameterException.class);
        }
    }
}
