package io.cdrplatform.store.boundary;

import io.cdrplatform.core.counter.Counter;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.store.redis.CallStateHash;
import io.cdrplatform.store.redis.CounterKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis half of the source scan of {@link StoreBoundary}: the key names and the per-call hash
 * layout are cdr-store's ({@link CounterKeys}, {@link CallStateHash}), so a module's source must not
 * spell them itself, in Java or in a Lua script it carries. Built from those two classes, so it
 * follows them when a key is added.
 */
final class RedisKeyLiterals {

    private final Pattern namespace;
    private final Pattern suffixAfterColon;
    private final Pattern bareName;

    RedisKeyLiterals() {
        String probe = "x";
        String campaignPrefix = CounterKeys.campaignPrefix();
        String callKeyPrefix = CallStateHash.key("");
        // "campaign:..." / "campaigns:..." / "cdr-logger:..." at the start of a Java or Lua literal
        Set<String> namespaces = new LinkedHashSet<>();
        namespaces.add(campaignPrefix.substring(0, campaignPrefix.length() - 1) + "s?:");
        namespaces.add(Pattern.quote(callKeyPrefix.substring(0, callKeyPrefix.indexOf(':') + 1)));
        // "counters:..." (the state marker and the reset epochs)
        namespaces.add(Pattern.quote(CounterKeys.marker().substring(0, CounterKeys.marker().indexOf(':') + 1)));
        this.namespace = Pattern.compile("[\"'](?:" + String.join("|", namespaces) + ")");

        Set<String> suffixes = new LinkedHashSet<>();
        for (Counter counter : Counter.values()) {
            suffixes.add(CounterKeys.suffix(counter));
        }
        String prefix = CounterKeys.prefix(probe);
        suffixes.add(CounterKeys.lastActivity(probe).substring(prefix.length()));
        suffixes.add(CounterKeys.actionTypesIndexSuffix());
        String actionInfix = CounterKeys.actionInfix();
        // ":total_attempts\"" ... ":action:" ... ":complete\"": a key's tail, wherever the literal starts
        List<String> tails = new ArrayList<>();
        suffixes.forEach(suffix -> tails.add(Pattern.quote(CounterKeys.separator() + suffix) + "[\"']"));
        tails.add(Pattern.quote(CounterKeys.separator() + actionInfix));
        tails.add(Pattern.quote(CounterKeys.ACTION_TYPES_COMPLETE_MARKER) + "[\"']");
        this.suffixAfterColon = Pattern.compile(String.join("|", tails));

        // in a Redis-using file: a whole literal that is a key's last segment or a hash field name;
        // not the segments that are also outcome words or JSON names ("answered", "busy", ...)
        Set<String> names = new LinkedHashSet<>(suffixes);
        for (Outcome outcome : Outcome.values()) {
            names.remove(outcome.wireName());
        }
        for (Counter counter : Counter.values()) {
            names.remove(counter.jsonName());
        }
        names.add(actionInfix);
        for (CallStateHash.Field field : CallStateHash.Field.values()) {
            names.add(field.fieldName());
        }
        names.add(CallStateHash.RESET_FIELD);
        this.bareName = Pattern.compile("[\"'](" + String.join("|", names.stream().map(Pattern::quote).toList()) + ")[\"']");
    }

    /** What {@code line} (comments removed) spells of the Redis schema; {@code usesRedis}: its file imports Lettuce. */
    List<String> violationsIn(String where, String line, boolean usesRedis) {
        List<String> violations = new ArrayList<>();
        if (namespace.matcher(line).find() || suffixAfterColon.matcher(line).find()) {
            violations.add(where + "spells a Redis key (use cdr-store's CounterKeys or CallStateHash)");
        } else if (usesRedis) {
            Matcher bare = bareName.matcher(line);
            if (bare.find()) {
                violations.add(where + "names the Redis key segment or hash field '" + bare.group(1)
                        + "' (use cdr-store's CounterKeys or CallStateHash)");
            }
        }
        return violations;
    }
}
