package io.cdrplatform.embeddedmongo.index;

import de.bwaldvogel.mongo.bson.Document;
import io.cdrplatform.embeddedmongo.index.KeyOrder.Bound;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses a secondary index for a query, as mongod's planner does for the shapes the platform uses: an
 * equality on a prefix of the index's keys, then optionally a range on the next key; the sort is taken
 * from the index order when it asks for the keys after the equality prefix in the index's directions (or
 * all reversed), so a limit stops the walk after about {@code limit} documents.
 *
 * <p>The bounds are only ever a superset of what the query matches (the whole query is still applied to
 * every document read), so an index answers exactly what a scan answers; whatever the planner does not
 * understand ({@code $in}, {@code $or}, {@code $exists}, sub-documents, arrays, ...) is left to that filter
 * or, when no key is bounded, to mongo-java-server's scan.
 */
final class IndexPlanner {

    private static final Set<String> LOWER = Set.of("$gt", "$gte");
    private static final Set<String> UPPER = Set.of("$lt", "$lte");
    /** Beyond this magnitude mongo-java-server compares numbers as truncated longs: bounds are widened by 2. */
    private static final double TRUNCATING_MAGNITUDE = Integer.MAX_VALUE;

    private IndexPlanner() {
    }

    /**
     * A walk over one index: the entries between {@code start} and {@code end} (search keys, in the map's
     * order), in reverse if {@code reverse}; if {@code ordered}, in the order the query's sort asks for,
     * documents whose sort keys are equal being the components {@code [groupFrom, groupTo)} of the entries.
     */
    record Plan(SecondaryIndex index, IndexEntry start, IndexEntry end, boolean reverse, boolean ordered,
                int groupFrom, int groupTo) {
    }

    /** The best plan for the query, or null for a scan. */
    static Plan plan(List<SecondaryIndex> indexes, Document query, Document orderBy, int limit) {
        if (query == null || !sortIsPlain(orderBy)) {
            return null;
        }
        Plan best = null;
        int bestScore = 0;
        for (SecondaryIndex index : indexes) {
            if (!index.usableForQueries()) {
                continue;
            }
            Candidate candidate = candidate(index, query, orderBy);
            boolean servesLimitedSort = candidate.ordered && limit > 0;
            int score = candidate.bounded * 2 + (servesLimitedSort ? 100 : 0) + (candidate.ordered ? 1 : 0);
            if ((candidate.bounded > 0 || servesLimitedSort) && score > bestScore) {
                best = candidate.plan();
                bestScore = score;
            }
        }
        return best;
    }

    private static boolean sortIsPlain(Document orderBy) {
        if (orderBy == null) {
            return true;
        }
        for (Map.Entry<String, Object> key : orderBy.entrySet()) {
            if (key.getKey().startsWith("$") || !(key.getValue() instanceof Number direction)
                    || Math.abs(direction.doubleValue()) != 1) {
                return false;
            }
        }
        return true;
    }

    private static final class Candidate {
        final SecondaryIndex index;
        final Bound[] low;
        final Bound[] high;
        int equalities;
        int bounded;
        boolean ordered;
        boolean reverse;
        int groupTo;

        Candidate(SecondaryIndex index) {
            this.index = index;
            int size = index.paths().size();
            low = new Bound[size];
            high = new Bound[size];
            for (int i = 0; i < size; i++) {
                low[i] = Bound.MIN;
                high[i] = Bound.MAX;
            }
        }

        Plan plan() {
            int size = low.length;
            Object[] first = new Object[size];
            Object[] last = new Object[size];
            for (int i = 0; i < size; i++) {
                boolean ascending = index.ascending(i);
                first[i] = ascending ? low[i] : high[i];
                last[i] = ascending ? high[i] : low[i];
            }
            return new Plan(index, new IndexEntry(first, IndexEntry.LOWEST), new IndexEntry(last, IndexEntry.HIGHEST),
                    reverse, ordered, equalities, groupTo);
        }
    }

    private static Candidate candidate(SecondaryIndex index, Document query, Document orderBy) {
        Candidate candidate = new Candidate(index);
        List<String> paths = index.paths();
        Map<String, List<Object>> conditions = conditions(query, new HashMap<>());
        for (int i = 0; i < paths.size(); i++) {
            Interval interval = intersection(conditions.getOrDefault(paths.get(i), List.of()));
            if (interval == null) {
                break;
            }
            candidate.low[i] = interval.low();
            candidate.high[i] = interval.high();
            candidate.bounded++;
            if (!interval.equality()) {
                break;
            }
            candidate.equalities++;
        }
        if (orderBy != null && !orderBy.isEmpty()) {
            sortFromIndex(candidate, paths, orderBy);
        }
        return candidate;
    }

    /** The conditions on each field, from the query's top level and its (nested) {@code $and}s: all must hold. */
    private static Map<String, List<Object>> conditions(Document query, Map<String, List<Object>> conditions) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            if (entry.getKey().equals("$and") && entry.getValue() instanceof List<?> all) {
                for (Object member : all) {
                    if (member instanceof Document document) {
                        conditions(document, conditions);
                    }
                }
            } else if (!entry.getKey().startsWith("$")) {
                conditions.computeIfAbsent(entry.getKey(), key -> new ArrayList<>()).add(entry.getValue());
            }
        }
        return conditions;
    }

    /** The values all of a field's conditions allow (an equality if one is), or null if none gives a bound. */
    private static Interval intersection(List<Object> fieldConditions) {
        Interval result = null;
        for (Object condition : fieldConditions) {
            Interval interval = interval(condition);
            if (interval == null) {
                continue;
            }
            if (interval.equality()) {
                return interval;
            }
            result = result == null ? interval : new Interval(
                    interval.low().compareTo(result.low()) > 0 ? interval.low() : result.low(),
                    interval.high().compareTo(result.high()) < 0 ? interval.high() : result.high(), false);
        }
        return result;
    }

    /**
     * The sort is served when, leaving out the keys fixed by the equality prefix, it names the next keys
     * of the index in order, all in the index's directions or all against them.
     */
    private static void sortFromIndex(Candidate candidate, List<String> paths, Document orderBy) {
        List<String> fixed = paths.subList(0, candidate.equalities);
        List<Map.Entry<String, Object>> keys = new ArrayList<>();
        for (Map.Entry<String, Object> key : orderBy.entrySet()) {
            if (!fixed.contains(key.getKey())) {
                keys.add(key);
            }
        }
        if (keys.isEmpty() || candidate.equalities + keys.size() > paths.size()) {
            return;
        }
        Boolean reverse = null;
        for (int k = 0; k < keys.size(); k++) {
            int component = candidate.equalities + k;
            if (!keys.get(k).getKey().equals(paths.get(component))) {
                return;
            }
            boolean ascending = ((Number) keys.get(k).getValue()).doubleValue() > 0;
            boolean against = ascending != candidate.index.ascending(component);
            if (reverse != null && reverse != against) {
                return;
            }
            reverse = against;
        }
        candidate.ordered = true;
        candidate.reverse = reverse;
        candidate.groupTo = candidate.equalities + keys.size();
    }

    /**
     * The values a field's condition allows, between two bounds. An equality on a value that is not a
     * number is one point of the order ({@link Bound#at}), so the next key's bounds apply within it; a
     * number equals numbers that differ beyond a double's precision, which the index holds apart, so an
     * equality on a number is a range (and the last key bounded).
     */
    private record Interval(Bound low, Bound high, boolean equality) {
    }

    /** The bounds a field's condition puts on its values, or null if it gives none the index can use. */
    private static Interval interval(Object condition) {
        if (!(condition instanceof Document operators)) {
            return equality(condition);
        }
        if (operators.isEmpty() || operators.keySet().stream().anyMatch(key -> !key.startsWith("$"))) {
            return null; // a sub-document matched as a whole
        }
        if (operators.containsKey("$eq")) {
            Interval equality = equality(operators.get("$eq"));
            if (equality != null) {
                return equality;
            }
        }
        Bound low = Bound.MIN;
        Bound high = Bound.MAX;
        for (Map.Entry<String, Object> operator : operators.entrySet()) {
            Object value = operator.getValue();
            if (!isBoundValue(value)) {
                continue;
            }
            if (LOWER.contains(operator.getKey())) {
                Bound bound = Bound.below(widen(value, -2));
                if (bound.compareTo(low) > 0) {
                    low = bound;
                }
            } else if (UPPER.contains(operator.getKey())) {
                Bound bound = Bound.above(widen(value, 2));
                if (bound.compareTo(high) < 0) {
                    high = bound;
                }
            }
        }
        if (low == Bound.MIN && high == Bound.MAX) {
            return null;
        }
        return new Interval(low, high, false);
    }

    private static Interval equality(Object value) {
        if (!isBoundValue(value)) {
            return null;
        }
        Object canonical = KeyOrder.canonical(value);
        if (canonical instanceof Number) {
            return new Interval(Bound.below(canonical), Bound.above(canonical), false);
        }
        return new Interval(Bound.at(canonical), Bound.at(canonical), true);
    }

    private static boolean isBoundValue(Object value) {
        return !(value instanceof Collection) && !(value instanceof Document) && KeyOrder.isRegular(value);
    }

    private static Object widen(Object value, double by) {
        if (value instanceof Number number && Math.abs(number.doubleValue()) >= TRUNCATING_MAGNITUDE) {
            return number.doubleValue() + by;
        }
        return KeyOrder.canonical(value);
    }
}
