package io.cdrplatform.query.campaigns;

import io.cdrplatform.core.id.IdRule;
import io.cdrplatform.query.failure.BadParameterException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The position after the last campaign of a page, in the list's order (newest activity first, ties
 * by campaign id descending): base64url of {@code 1|<lastActivity epoch ms>|<campaignId>}. It only
 * says where to continue a list anyone may read from the top, so it is not signed; anything that is
 * not such a position is a 400.
 */
public record CampaignCursor(long lastActivityMillis, String campaignId) {

    public static final String PARAMETER = "cursor";
    private static final Pattern FORMAT = Pattern.compile("1\\|(-?[0-9]{1,19})\\|(" + IdRule.ID.regex() + ")");

    public static CampaignCursor after(CampaignActivity last) {
        return new CampaignCursor(last.lastActivity().toEpochMilli(), last.campaignId());
    }

    public String encode() {
        String text = "1|" + lastActivityMillis + "|" + campaignId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static CampaignCursor decode(String encoded) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            Matcher matcher = FORMAT.matcher(text);
            if (matcher.matches()) {
                return new CampaignCursor(Long.parseLong(matcher.group(1)), matcher.group(2));
            }
        } catch (IllegalArgumentException e) {
            // not base64url, or a number out of range: the same 400 below
        }
        throw new BadParameterException(PARAMETER, "cursor is not a cursor of this list; "
                + "pass the nextCursor of the previous page unchanged, or leave it out for the first page");
    }

    /** Whether {@code entry} comes after this position in the list's order. */
    public boolean isBefore(CampaignActivity entry) {
        long millis = entry.lastActivity().toEpochMilli();
        return millis < lastActivityMillis || millis == lastActivityMillis && entry.campaignId().compareTo(campaignId) < 0;
    }
}
