package io.cdrplatform.embeddedmongo.index;

import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/**
 * The query an aggregation pipeline starts from: its leading {@code $match}, with the {@code $sort} right
 * after it and the {@code $limit} after that (plus a {@code $skip} between them), as mongod pushes them
 * down onto an index. The pipeline still runs whole on what this query returns; since the query returns
 * exactly what those first stages would keep of the whole collection, in the same order, the answer is
 * the same, read from the index.
 */
final class AggregationSource {

    private AggregationSource() {
    }

    /** The query, or null if the pipeline does not start with a {@code $match}. */
    static QueryParameters of(Object pipeline) {
        if (!(pipeline instanceof List<?> stages) || stages.isEmpty() || !(stage(stages, 0, "$match") instanceof Document match)) {
            return null;
        }
        Document selector = new Document("query", match);
        int next = 1;
        if (stage(stages, next, "$sort") instanceof Document sort) {
            selector.append("orderby", sort);
            next++;
        }
        long skip = 0;
        if (stage(stages, next, "$skip") instanceof Number number) {
            skip = number.longValue();
            next++;
        }
        int limit = 0;
        if (stage(stages, next, "$limit") instanceof Number number && skip >= 0 && number.longValue() > 0
                && skip + number.longValue() <= Integer.MAX_VALUE) {
            limit = (int) (skip + number.longValue());
        }
        return new QueryParameters(selector, 0, limit);
    }

    private static Object stage(List<?> stages, int index, String name) {
        if (index >= stages.size() || !(stages.get(index) instanceof Document stage) || stage.size() != 1) {
            return null;
        }
        return stage.get(name);
    }
}
