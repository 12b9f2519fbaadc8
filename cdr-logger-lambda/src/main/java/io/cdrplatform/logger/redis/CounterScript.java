package io.cdrplatform.logger.redis;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.ingest.AppliedContribution;
import io.cdrplatform.store.redis.CallStateHash;
import io.cdrplatform.store.redis.CounterKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

/**
 * The per-call Lua script that moves a campaign's counters from the contribution last applied for
 * a call to its new one. The call's applied contribution lives in its {@link CallStateHash}
 * (version, campaign, counter bitmask, action types) that expires after the configured TTL; the
 * script does nothing when the hash already holds the same or a newer version, so redelivery and
 * reordering never count a call twice. {@code last_activity} is raised, never lowered, by
 * {@link #LAST_ACTIVITY}, once per campaign and batch, and in the same script run the campaign's entry
 * in the campaign index {@link CounterKeys#campaignIndex} is set to the resulting value, so index and
 * key are equal after any delivery order. Each action type it counts is added to the
 * campaign's index {@link CounterKeys#actionTypesIndex} (SADD: idempotent, in the same script, so atomic with
 * the INCR).
 *
 * <p>The script is generated from {@link Counter} (bit i = the i-th constant), {@link CounterKeys}
 * and {@link CallStateHash}, so the key names and the hash layout have one source. It builds
 * counter key names from the stored campaign, which standalone and primary/replica Redis allow
 * (not Redis Cluster).
 */
public final class CounterScript {

    /**
     * Raises {@code KEYS[1]} (a campaign's {@code last_activity}) to {@code ARGV[1]} (epoch ms) unless it
     * is already as high, then sets the campaign {@code ARGV[2]}'s score in the campaign index
     * {@code KEYS[2]} to the key's value, whichever won: an explicit max rather than {@code ZADD GT}
     * (Redis 6.2+), so that the index also follows a key set by hand or by an older logger. The score
     * is written from the key's decimal string, never from a Lua number (no rounding). Answers 1 when
     * the key was raised. Keys and arguments: {@link #lastActivityKeys}, {@link #lastActivityArguments}.
     */
    public static final String LAST_ACTIVITY = "local s = redis.call('GET', KEYS[1]) local c = tonumber(s) "
            + "local raised = 0 "
            + "if c == nil or c < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) s = ARGV[1] raised = 1 end "
            + "redis.call('ZADD', KEYS[2], s, ARGV[2]) return raised";

    /**
     * Sets the campaign {@code ARGV[1]}'s entry in the campaign index {@code KEYS[2]} to the value of its
     * {@code last_activity} key {@code KEYS[1]}, or removes the entry when that key is missing or holds
     * no number; answers 1 when indexed. Keys: {@link #lastActivityKeys}.
     */
    public static final String INDEX_CAMPAIGN = "local s = redis.call('GET', KEYS[1]) "
            + "if s and tonumber(s) then redis.call('ZADD', KEYS[2], s, ARGV[1]) return 1 end "
            + "redis.call('ZREM', KEYS[2], ARGV[1]) return 0";

    /** KEYS of {@link #LAST_ACTIVITY} and {@link #INDEX_CAMPAIGN}: the campaign's last_activity key, the campaign index. */
    public static String[] lastActivityKeys(String campaignId) {
        return new String[] {CounterKeys.lastActivity(campaignId), CounterKeys.campaignIndex()};
    }

    /** ARGV of {@link #LAST_ACTIVITY}: the activity (epoch ms), the campaign id. */
    public static String[] lastActivityArguments(String campaignId, long epochMillis) {
        return new String[] {Long.toString(epochMillis), campaignId};
    }

    private final String source;
    private final String sha1;

    public CounterScript() {
        this.source = generate();
        this.sha1 = sha1(source);
    }

    public String source() {
        return source;
    }

    public String sha1() {
        return sha1;
    }

    /**
     * The script's ARGV for one call: the values of its {@link CallStateHash} in field order, then
     * the hash's TTL in seconds.
     */
    public static String[] arguments(AppliedContribution applied, long ttlSeconds) {
        List<String> arguments = new ArrayList<>(CallStateHash.values(applied).values());
        arguments.add(Long.toString(ttlSeconds));
        return arguments.toArray(String[]::new);
    }

    private static String generate() {
        String before = CounterKeys.campaignPrefix();
        String after = CounterKeys.separator();
        String actionInfix = CounterKeys.actionInfix();
        StringJoiner suffixes = new StringJoiner(", ", "{", "}");
        for (Counter counter : Counter.values()) {
            suffixes.add(lua(CounterKeys.suffix(counter)));
        }
        // the hash's fields in order, read into applied[1..4] and written from ARGV[1..4]
        StringJoiner fields = new StringJoiner(", ");
        StringJoiner fieldValues = new StringJoiner(", ");
        for (CallStateHash.Field field : CallStateHash.Field.values()) {
            fields.add(lua(field.fieldName()));
            fieldValues.add(lua(field.fieldName()) + ", ARGV[" + (field.ordinal() + 1) + "]");
        }
        String actionTypePattern = lua("[^" + CallStateHash.ACTION_TYPE_SEPARATOR + "]+");
        int ttlArgument = CallStateHash.Field.values().length + 1;
        return """
                -- KEYS[1] the call's applied-state hash (CallStateHash)
                -- ARGV: version, campaignId, counter bitmask, action types (separated, sorted), ttl (s)
                -- Inline code, no local functions: Redis runs this whole body once per call.
                local applied = redis.call('HMGET', KEYS[1], %s)
                local applied_version = tonumber(applied[1])
                if applied_version ~= nil and applied_version >= tonumber(ARGV[1]) then return 0 end

                local campaign = ARGV[2]
                local mask = tonumber(ARGV[3])
                local actions = ARGV[4]
                local old_campaign = false
                local old_mask = 0
                local old_actions = ''
                if applied_version ~= nil then
                  old_campaign = applied[2]
                  old_mask = tonumber(applied[3]) or 0
                  old_actions = applied[4] or ''
                end

                -- the counters move only when the contribution changed (not for a key press, say)
                if old_campaign ~= campaign or old_mask ~= mask or old_actions ~= actions then
                  local same = (old_campaign == campaign)
                  local new_prefix = %s .. campaign .. %s
                  local old_prefix = old_campaign and (%s .. old_campaign .. %s)
                  local suffixes = %s
                  -- the action-type index (none for an id ending ':action': see CounterKeys.hasActionTypesIndex)
                  local index = string.sub(campaign, -%d) ~= %s and (new_prefix .. %s)
                  for i = 1, #suffixes do
                    local bit_value = 2 ^ (i - 1)
                    local had = old_campaign and bit.band(old_mask, bit_value) ~= 0
                    local has = bit.band(mask, bit_value) ~= 0
                    if had and not (has and same) then
                      local key = old_prefix .. suffixes[i]
                      local value = tonumber(redis.call('GET', key))
                      if value ~= nil and value > 0 then redis.call('DECR', key) end
                    end
                    if has and not (had and same) then
                      -- total_attempts born at 1: a new campaign, so its index is complete
                      if redis.call('INCR', new_prefix .. suffixes[i]) == 1 and i == %d and index then
                        redis.call('SADD', index, %s)
                      end
                    end
                  end
                  if old_actions ~= actions or not same then
                    local old_set = {}
                    local new_set = {}
                    for action in string.gmatch(old_actions, %s) do old_set[action] = true end
                    for action in string.gmatch(actions, %s) do new_set[action] = true end
                    if old_campaign then
                      for action in pairs(old_set) do
                        if not (same and new_set[action]) then
                          local key = old_prefix .. %s .. action
                          local value = tonumber(redis.call('GET', key))
                          if value ~= nil and value > 0 then redis.call('DECR', key) end
                        end
                      end
                    end
                    for action in pairs(new_set) do
                      if not (same and old_set[action]) then
                        redis.call('INCR', new_prefix .. %s .. action)
                        if index then redis.call('SADD', index, action) end
                      end
                    end
                  end
                end

                redis.call('HSET', KEYS[1], %s)
                redis.call('EXPIRE', KEYS[1], tonumber(ARGV[%d]))
                return 1
                """.formatted(fields, lua(before), lua(after), lua(before), lua(after), suffixes,
                CounterKeys.noActionTypesIndexEnding().length(), lua(CounterKeys.noActionTypesIndexEnding()),
                lua(CounterKeys.actionTypesIndexSuffix()),
                Counter.TOTAL_ATTEMPTS.ordinal() + 1, lua(CounterKeys.ACTION_TYPES_COMPLETE_MARKER), actionTypePattern, actionTypePattern,
                lua(actionInfix), lua(actionInfix), fieldValues, ttlArgument);
    }

    private static String lua(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }
}
