package io.cdrplatform.deployment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A CloudFormation / SAM template read into plain maps and lists, with the YAML short forms
 * ({@code !Ref X}, {@code !GetAtt A.B}, {@code !If [...]}, {@code !Sub ...}) turned into their JSON
 * long forms ({@code {Ref: X}}, {@code {Fn::GetAtt: [A, B]}}, ...), as CloudFormation itself reads them.
 * {@link #evaluate} resolves parameters, conditions and {@code Fn::If} for one set of parameter
 * values, so a test can ask what a deployment with those values gets.
 */
final class CloudFormationTemplate {

    /** What {@code !Ref AWS::NoValue} evaluates to: the property or list element is left out. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private final Map<String, Object> root;

    private CloudFormationTemplate(Map<String, Object> root) {
        this.root = root;
    }

    static CloudFormationTemplate load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader);
        }
    }

    static CloudFormationTemplate parse(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        Object root = new Yaml(new ShortFormConstructor(options)).load(reader);
        return new CloudFormationTemplate(map(root, "template"));
    }

    Map<String, Object> root() {
        return root;
    }

    Map<String, Object> section(String name) {
        Object value = root.get(name);
        return value == null ? Map.of() : map(value, name);
    }

    Map<String, Object> resources() {
        return section("Resources");
    }

    Map<String, Object> resource(String logicalId) {
        Object resource = resources().get(logicalId);
        if (resource == null) {
            throw new AssertionError("template.yaml has no resource " + logicalId);
        }
        return map(resource, logicalId);
    }

    /** Logical ids of the resources of one type, in template order. */
    List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (type.equals(map(resource, id).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    static Map<String, Object> properties(Map<String, Object> resource) {
        Object properties = resource.get("Properties");
        return properties == null ? Map.of() : map(properties, "Properties");
    }

    /** The parameter values of a deployment: the defaults, overridden by {@code given}. */
    Map<String, String> parameterValues(Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>();
        section("Parameters").forEach((name, declaration) -> {
            Object fallback = map(declaration, name).get("Default");
            if (fallback != null) {
                values.put(name, String.valueOf(fallback));
            }
        });
        values.putAll(given);
        return values;
    }

    /** Whether a named condition holds for these parameter values. */
    boolean condition(String name, Map<String, String> parameters) {
        Object definition = section("Conditions").get(name);
        if (definition == null) {
            throw new AssertionError("template.yaml has no condition " + name);
        }
        return truth(definition, parameters);
    }

    /** Whether a resource is created for these parameter values (its {@code Condition}). */
    boolean created(String logicalId, Map<String, String> parameters) {
        Object condition = resource(logicalId).get("Condition");
        return condition == null || condition(String.valueOf(condition), parameters);
    }

    /**
     * The value with {@code Fn::If}, {@code Ref} to a parameter and {@code Ref: AWS::NoValue} resolved
     * for these parameter values; other intrinsics ({@code Ref} to a resource, {@code Fn::Sub},
     * {@code Fn::GetAtt}) stay as they are.
     */
    Object evaluate(Object value, Map<String, String> parameters) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            String key = String.valueOf(only.getKey());
            if (key.equals("Fn::If")) {
                List<Object> arguments = list(only.getValue(), "Fn::If");
                boolean holds = condition(String.valueOf(arguments.get(0)), parameters);
                return evaluate(arguments.get(holds ? 1 : 2), parameters);
            }
            if (key.equals("Ref")) {
                String name = String.valueOf(only.getValue());
                if (name.equals("AWS::NoValue")) {
                    return NO_VALUE;
                }
                if (parameters.containsKey(name)) {
                    return parameters.get(name);
                }
                return value;
            }
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, inner) -> {
                Object evaluated = evaluate(inner, parameters);
                if (evaluated != NO_VALUE) {
                    result.put(String.valueOf(key), evaluated);
                }
            });
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (Object inner : list) {
                Object evaluated = evaluate(inner, parameters);
                if (evaluated != NO_VALUE) {
                    result.add(evaluated);
                }
            }
            return result;
        }
        return value;
    }

    /** Every string a value can take under any condition (both branches of every Fn::If). */
    static Set<String> possibleStrings(Object value) {
        Set<String> strings = new TreeSet<>();
        collectStrings(value, strings);
        return strings;
    }

    private static void collectStrings(Object value, Set<String> into) {
        if (value instanceof String text) {
            into.add(text);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(inner -> collectStrings(inner, into));
        } else if (value instanceof List<?> list) {
            list.forEach(inner -> collectStrings(inner, into));
        }
    }

    private boolean truth(Object condition, Map<String, String> parameters) {
        Map<String, Object> function = map(condition, "condition");
        if (function.size() != 1) {
            throw new AssertionError("not a condition function: " + condition);
        }
        Map.Entry<String, Object> only = function.entrySet().iterator().next();
        return switch (only.getKey()) {
            case "Condition" -> condition(String.valueOf(only.getValue()), parameters);
            case "Fn::Not" -> !truth(list(only.getValue(), "Fn::Not").get(0), parameters);
            case "Fn::And" -> list(only.getValue(), "Fn::And").stream().allMatch(inner -> truth(inner, parameters));
            case "Fn::Or" -> list(only.getValue(), "Fn::Or").stream().anyMatch(inner -> truth(inner, parameters));
            case "Fn::Equals" -> {
                List<Object> sides = list(only.getValue(), "Fn::Equals");
                yield Objects.equals(String.valueOf(evaluate(sides.get(0), parameters)),
                        String.valueOf(evaluate(sides.get(1), parameters)));
            }
            default -> throw new AssertionError("condition function not understood: " + only.getKey());
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new AssertionError(what + " is not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String what) {
        if (!(value instanceof List)) {
            throw new AssertionError(what + " is not a list: " + value);
        }
        return (List<Object>) value;
    }

    /** Builds the long form of every {@code !Tag}: {@code !Ref} -> Ref, {@code !Condition} -> Condition, others Fn::Tag. */
    private static final class ShortFormConstructor extends SafeConstructor {

        ShortFormConstructor(LoaderOptions options) {
            super(options);
            yamlMultiConstructors.put("!", new ShortForm());
        }

        private final class ShortForm extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue().substring(1);
                String name = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute is the short form of [Resource, Attribute]
                    value = tag.equals("GetAtt") && text.contains(".")
                            ? List.of(text.substring(0, text.indexOf('.')), text.substring(text.indexOf('.') + 1))
                            : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> longForm = new LinkedHashMap<>();
                longForm.put(name, value);
                return longForm;
            }
        }
    }
}
