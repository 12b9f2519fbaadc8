package io.cdrplatform.store.boundary;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import io.cdrplatform.store.callrecords.CallRecordCollection;
import io.cdrplatform.store.callrecords.CallRecordFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The build rule that keeps the stores' schema and clients in cdr-store: a module that reads or
 * writes the stores (the cdr-logger, the query API) must not build a MongoDB or Redis client, open
 * a collection by name, or name the {@code call_records} collection or one of its fields itself.
 * Each such module runs it on its own production code (its {@code StoreBoundaryTest});
 * {@code StoreBoundaryRuleTest} proves it fails on code that does.
 *
 * <p>Two halves, because the compiler inlines string constants: the ArchUnit rules see calls
 * (client factories, {@code getCollection}) in the compiled classes; {@link #sourceViolations}
 * scans the source for the string literals no class file can show (a field name given as a
 * literal looks the same as {@code CallRecordFields.START_TIME} once compiled).
 *
 * <p>The Redis key names and the per-call hash layout ({@code CounterKeys}, {@code CallStateHash})
 * are guarded the same way, by the source half ({@link RedisKeyLiterals}).
 *
 * <p>Extend it here for further schema: one rule, every module.
 */
public final class StoreBoundary {

    /** Where the schema and the client factories live: classes here may do all of it. */
    public static final String STORE_PACKAGE = "io.cdrplatform.store..";

    private StoreBoundary() {
    }

    /** No {@code MongoClients.create}, no hand-made client settings: clients come from {@code StoreClients}. */
    public static ArchRule buildsNoMongoClient() {
        return noClasses().that().resideOutsideOfPackage(STORE_PACKAGE)
                .should().dependOnClassesThat().haveFullyQualifiedName("com.mongodb.client.MongoClients")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.mongodb.MongoClientSettings")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.mongodb.ConnectionString")
                .because("MongoDB clients are built by cdr-store's StoreClients from StoreSettings, "
                        + "so every module times out and reconnects alike");
    }

    /** No {@code RedisClient.create}, no hand-made client options: clients come from {@code StoreClients}. */
    public static ArchRule buildsNoRedisClient() {
        return noClasses().that().resideOutsideOfPackage(STORE_PACKAGE)
                .should().callMethodWhere(call("RedisClient.create", "io.lettuce.core.RedisClient", "create"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.lettuce.core.ClientOptions")
                .because("Redis clients are built by cdr-store's StoreClients from StoreSettings, "
                        + "so every module times out and reconnects alike");
    }

    /** No {@code MongoDatabase.getCollection}: a collection is opened by the class of cdr-store that owns its schema. */
    public static ArchRule opensNoCollectionByName() {
        return noClasses().that().resideOutsideOfPackage(STORE_PACKAGE)
                .should().callMethodWhere(call("MongoDatabase.getCollection", "com.mongodb.client.MongoDatabase",
                        "getCollection"))
                .because("collections are opened through cdr-store (CallRecordCollection.in(database)), "
                        + "which owns their names");
    }

    /** Every ArchUnit half of the rule. */
    public static List<ArchRule> archRules() {
        return List.of(buildsNoMongoClient(), buildsNoRedisClient(), opensNoCollectionByName());
    }

    private static DescribedPredicate<JavaMethodCall> call(String description, String owner, String method) {
        return DescribedPredicate.describe(description, call -> call.getName().equals(method)
                && call.getTargetOwner().isAssignableTo(owner));
    }

    // ---- the source half ----

    private static final RedisKeyLiterals REDIS_KEYS = new RedisKeyLiterals();

    /** Methods whose first argument, in a file that uses the MongoDB driver or BSON, is a field name. */
    private static final String FIELD_ARGUMENT_CALLS = "new\\s+Document|\\.append|(?<!MDC)\\.put|\\.get\\w*"
            + "|\\b(?:Filters|Projections|Sorts|Indexes|Updates|Aggregates|Accumulators)\\.\\w+";

    /**
     * What the source files under {@code sourceRoot} name that only cdr-store may name, one line
     * per finding ({@code path:line: what}); empty when they name nothing:
     * <ul>
     *   <li>the literal {@code "call_records"}, anywhere;</li>
     *   <li>an aggregation path to a {@code call_records} field ({@code "$startTime"}), anywhere;</li>
     *   <li>a {@code call_records} field name as the literal first argument of a document, filter,
     *       projection, sort, index or update ({@code new Document("campaignId", ...)},
     *       {@code .append("cost", ...)}, {@code Filters.eq("startTime", ...)}, {@code .getString("outcome")}),
     *       in a file that imports the MongoDB driver or BSON. The same words as JSON keys of the
     *       API, log fields or CSV columns are not the schema and are left alone. {@code _id} is
     *       MongoDB's own key of every collection and {@code $group}, so only {@code "$_id"} counts.</li>
     *   <li>a Redis key spelled in a Java or Lua literal: one starting with a key namespace
     *       ({@code "campaign:"}, {@code "campaigns:"}, {@code "cdr-logger:"}) or holding a key's
     *       tail ({@code ":total_attempts"}, {@code ":last_activity"}, {@code ":action:"},
     *       {@code ":complete"}, ...), anywhere; and, in a file that imports Lettuce, a literal that
     *       is exactly a key segment ({@code "last_activity"}) or a field of the per-call hash
     *       ({@code "v"}, {@code 'm'}). Outcome words such as {@code "busy"} elsewhere are not keys.</li>
     * </ul>
     */
    public static List<String> sourceViolations(Path sourceRoot) {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                violations.addAll(violationsIn(file, Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }

    static List<String> violationsIn(Path file, String source) {
        List<String> fields = new ArrayList<>(CallRecordFields.ALL);
        fields.remove(CallRecordFields.ID);
        String fieldAlternatives = String.join("|", fields.stream().map(Pattern::quote).toList());
        Pattern collection = Pattern.compile("\"" + Pattern.quote(CallRecordCollection.NAME) + "\"");
        Pattern path = Pattern.compile("\"\\$(" + fieldAlternatives + "|" + Pattern.quote(CallRecordFields.ID) + ")\"");
        Pattern argument = Pattern.compile("(?:" + FIELD_ARGUMENT_CALLS + ")\\s*\\(\\s*\"(" + fieldAlternatives + ")\"");
        boolean usesMongo = source.contains("import org.bson.") || source.contains("import com.mongodb.")
                || source.contains("import static com.mongodb.");
        boolean usesRedis = source.contains("import io.lettuce.");
        List<String> violations = new ArrayList<>();
        String[] lines = withoutComments(source).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = file + ":" + (i + 1) + ": ";
            if (collection.matcher(lines[i]).find()) {
                violations.add(where + "names the collection " + CallRecordCollection.NAME
                        + " (use CallRecordCollection)");
            }
            Matcher paths = path.matcher(lines[i]);
            while (paths.find()) {
                violations.add(where + "names the field path $" + paths.group(1) + " (use CallRecordFields.path(...))");
            }
            if (usesMongo) {
                Matcher arguments = argument.matcher(lines[i]);
                while (arguments.find()) {
                    violations.add(where + "names the call_records field " + arguments.group(1)
                            + " (use CallRecordFields or CallRecordCodec)");
                }
            }
            violations.addAll(REDIS_KEYS.violationsIn(where, lines[i], usesRedis));
        }
        return violations;
    }

    /** The source with comments blanked out (line breaks kept, so line numbers stay), string literals untouched. */
    private static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"') {
                int end = endOfLiteral(source, i);
                out.append(source, i, end);
                i = end;
            } else if (c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != '\'' && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(source.length(), end + 1);
                out.append(source, i, end);
                i = end;
            } else if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                for (int j = i; j < end; j++) {
                    if (source.charAt(j) == '\n') {
                        out.append('\n');
                    }
                }
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index after the string literal (or text block) starting at {@code start}. */
    private static int endOfLiteral(String source, int start) {
        if (source.startsWith("\"\"\"", start)) {
            int end = source.indexOf("\"\"\"", start + 3);
            return end < 0 ? source.length() : end + 3;
        }
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != '"' && source.charAt(i) != '\n') {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(source.length(), i + 1);
    }
}
