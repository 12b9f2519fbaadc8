package io.cdrplatform.snslocal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The flat parameters of an AWS query-protocol request ({@code Action=Publish&TopicArn=...}) and
 * the two ways it nests: lists as {@code Prefix.member.N.Field} and maps as
 * {@code Prefix.entry.N.key} / {@code .value} (or {@code .Name} / {@code .Value.*}).
 */
public final class QueryParams {
    private final Map<String, String> values;

    public QueryParams(Map<String, String> values) {
        this.values = Map.copyOf(Objects.requireNonNull(values, "values"));
    }

    public String get(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** The members of {@code <prefix>.member.N...}, in index order. */
    public List<QueryParams> members(String prefix) {
        return indexed(prefix + ".member.");
    }

    /** The entries of {@code <prefix>.entry.N...}, in index order. */
    public List<QueryParams> entries(String prefix) {
        return indexed(prefix + ".entry.");
    }

    private List<QueryParams> indexed(String prefix) {
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> parameter : values.entrySet()) {
            String key = parameter.getKey();
            if (!key.startsWith(prefix)) {
                continue;
            }
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            String indexText = dot < 0 ? rest : rest.substring(0, dot);
            int index = parseIndex(key, indexText);
            String field = dot < 0 ? "" : rest.substring(dot + 1);
            byIndex.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(field, parameter.getValue());
        }
        List<QueryParams> result = new ArrayList<>(byIndex.size());
        byIndex.values().forEach(fields -> result.add(new QueryParams(fields)));
        return result;
    }

    private static int parseIndex(String key, String indexText) {
        if (indexText.isEmpty() || indexText.length() > 9 || !indexText.chars().allMatch(Character::isDigit)) {
            throw new SnsException(SnsErrorCode.MALFORMED_QUERY_STRING,
                    "Malformed list index in parameter " + SafeTextFields.escape(key));
        }
        int index = Integer.parseInt(indexText);
        if (index < 1) {
            throw new SnsException(SnsErrorCode.MALFORMED_QUERY_STRING,
                    "List indexes start at 1 in parameter " + SafeTextFields.escape(key));
        }
        return index;
    }

    @Override
    public String toString() {
        return "QueryParams" + values.keySet();
    }
}
