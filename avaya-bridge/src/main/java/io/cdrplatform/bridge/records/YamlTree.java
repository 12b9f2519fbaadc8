package io.cdrplatform.bridge.records;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * JSON or YAML configuration (JSON is YAML) read as a node tree that remembers line numbers, so
 * every error names the line it is about: {@code <what> line N: <problem>}.
 */
final class YamlTree {

    private final String what;

    YamlTree(String what) {
        this.what = what;
    }

    /** The document's root node; a syntax error names its line. */
    Node parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        try {
            Node root = new Yaml(new SafeConstructor(options), new org.yaml.snakeyaml.representer.Representer(
                    new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), options)
                    .compose(new StringReader(text));
            if (root == null) {
                throw new IllegalArgumentException(what + " is empty");
            }
            return root;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new IllegalArgumentException(what + " line " + line + ": " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    IllegalArgumentException error(Node node, String problem) {
        return new IllegalArgumentException(what + " line " + (node.getStartMark().getLine() + 1) + ": " + problem);
    }

    List<Node> list(Node node, String of) {
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, of + " must be a list");
        }
        return new ArrayList<>(sequence.getValue());
    }

    /** A mapping's entries by key, each key at most once and one of {@code allowed}. */
    Map<String, Node> map(Node node, String of, List<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, of + " must be a mapping (key: value)");
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key");
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key " + key + " in " + of + "; allowed: "
                        + String.join(", ", allowed));
            }
            entries.put(key, tuple.getValueNode());
        }
        return entries;
    }

    String scalar(Node node, String of) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, of + " must be a single value");
        }
        return scalar.getValue();
    }

    /** One value or a list of values, as strings. */
    List<String> scalars(Node node, String of) {
        if (node instanceof SequenceNode sequence) {
            List<String> values = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                values.add(scalar(item, of));
            }
            return values;
        }
        return List.of(scalar(node, of));
    }
}
