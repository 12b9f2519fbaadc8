package io.cdrplatform.bridge.records;

import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.CdrField;
import io.cdrplatform.core.id.IdRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code PBX_ATTRIBUTION_FILE}: rules choosing the {@code campaignId} of a PBX record, first match
 * wins, {@code AVAYA_CAMPAIGN_ID} when none matches. A rule names a {@code campaign} and any of
 * {@code pbx}, {@code vdn}, {@code trunkGroup} (the access code of the trunk group the call used,
 * outgoing {@code code-used} or incoming {@code in-trk-code}), {@code calledPrefix},
 * {@code callingPrefix}, {@code accountCode}; each may be one value or a list (any of them matches),
 * and every condition a rule has must hold. JSON or YAML:
 *
 * <pre>
 * rules:
 *   - campaign: spring-sale
 *     vdn: ["5001", "5002"]
 *   - campaign: support
 *     trunkGroup: "701"
 *     calledPrefix: "0800"
 * </pre>
 *
 * A file that does not parse, or a rule that is wrong, stops the start with a message naming the line.
 */
public final class CampaignAttribution {

    private static final List<String> RULE_KEYS = List.of("campaign", "pbx", "vdn", "trunkGroup", "calledPrefix",
            "callingPrefix", "accountCode");

    /** One rule; empty lists are conditions the rule does not have. */
    record Rule(String campaign, List<String> pbx, List<String> vdn, List<String> trunkGroup,
                List<String> calledPrefix, List<String> callingPrefix, List<String> accountCode) {

        boolean matches(AvayaRecord record) {
            return any(pbx, value -> value.equals(record.pbx()))
                    && any(vdn, value -> value.equals(record.field(CdrField.VDN)))
                    && any(trunkGroup, value -> value.equals(record.field(CdrField.CODE_USED))
                            || value.equals(record.field(CdrField.IN_TRK_CODE)))
                    && any(calledPrefix, value -> record.calledNumber().startsWith(value))
                    && any(callingPrefix, value -> record.callingNumber().startsWith(value))
                    && any(accountCode, value -> value.equals(record.field(CdrField.ACCT_CODE)));
        }

        private static boolean any(List<String> values, java.util.function.Predicate<String> test) {
            return values.isEmpty() || values.stream().anyMatch(test);
        }
    }

    private final List<Rule> rules;
    private final String fallback;

    CampaignAttribution(List<Rule> rules, String fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /** Every record to {@code campaignId}. */
    public static CampaignAttribution fixed(String campaignId) {
        return new CampaignAttribution(List.of(), campaignId);
    }

    /** Reads the rules file; any problem is an {@link IllegalArgumentException} naming the file and line. */
    public static CampaignAttribution load(Path file, String fallback) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("PBX_ATTRIBUTION_FILE " + file + " cannot be read: " + e, e);
        }
        return parse(text, "PBX_ATTRIBUTION_FILE " + file, fallback);
    }

    static CampaignAttribution parse(String text, String what, String fallback) {
        YamlTree yaml = new YamlTree(what);
        Node root = yaml.parse(text);
        Node list = root;
        if (!(root instanceof org.yaml.snakeyaml.nodes.SequenceNode)) {
            Map<String, Node> top = yaml.map(root, "the file", List.of("rules"));
            list = top.get("rules");
            if (list == null) {
                throw yaml.error(root, "the file needs a rules list");
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (Node item : yaml.list(list, "rules")) {
            Map<String, Node> entries = yaml.map(item, "a rule", RULE_KEYS);
            Node campaignNode = entries.get("campaign");
            if (campaignNode == null) {
                throw yaml.error(item, "a rule needs a campaign");
            }
            String campaign = yaml.scalar(campaignNode, "campaign");
            if (!IdRule.ID.matches(campaign)) {
                throw yaml.error(campaignNode, "campaign must be " + IdRule.ID.describe() + ", got " + campaign);
            }
            if (entries.size() == 1) {
                throw yaml.error(item, "the rule for " + campaign + " has no condition (it would match every record)");
            }
            rules.add(new Rule(campaign, values(yaml, entries, "pbx"), values(yaml, entries, "vdn"),
                    values(yaml, entries, "trunkGroup"), values(yaml, entries, "calledPrefix"),
                    values(yaml, entries, "callingPrefix"), values(yaml, entries, "accountCode")));
        }
        return new CampaignAttribution(rules, fallback);
    }

    private static List<String> values(YamlTree yaml, Map<String, Node> entries, String key) {
        Node node = entries.get(key);
        if (node == null) {
            return List.of();
        }
        List<String> values = yaml.scalars(node, key);
        for (String value : values) {
            if (value.isBlank()) {
                throw yaml.error(node, key + " must not be blank");
            }
        }
        return values;
    }

    /** The campaign of the first rule the record matches, else the fallback. */
    public String campaignFor(AvayaRecord record) {
        for (Rule rule : rules) {
            if (rule.matches(record)) {
                return rule.campaign();
            }
        }
        return fallback;
    }

    public int ruleCount() {
        return rules.size();
    }

    public String fallback() {
        return fallback;
    }
}
