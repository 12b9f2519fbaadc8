package io.cdrplatform.bridge.records;

import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.avaya.ConditionCodes;
import io.cdrplatform.core.avaya.FixedLayout;
import io.cdrplatform.core.avaya.RecordLayout;
import io.cdrplatform.core.avaya.RecordLayouts;
import io.cdrplatform.core.id.IdRule;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * How the bridge reads records: the PBXs it serves (the default one from {@code PBX_TIMEZONE},
 * {@code PBX_RECORD_FORMAT} and {@code PBX_CDR_DATE_FORMAT}, and any named in {@code PBX_SITES}),
 * the condition-code rules ({@code PBX_CONDITION_CODES}) and the campaign attribution
 * ({@code PBX_ATTRIBUTION_FILE}, falling back to {@code AVAYA_CAMPAIGN_ID}).
 *
 * @param sites          every PBX, the default one first
 * @param conditionCodes what each condition code means
 * @param attribution    campaign choice
 * @param attributionFile the rules file, if one is configured
 */
public record RecordSetup(List<PbxSite> sites, ConditionCodes conditionCodes, CampaignAttribution attribution,
                          Optional<Path> attributionFile) {

    private static final List<String> SITE_KEYS = List.of("name", "sources", "port", "timezone", "format",
            "dateFormat");

    public RecordSetup {
        sites = List.copyOf(sites);
        Objects.requireNonNull(conditionCodes, "conditionCodes");
        Objects.requireNonNull(attribution, "attribution");
        Objects.requireNonNull(attributionFile, "attributionFile");
        if (sites.isEmpty() || !sites.get(0).isDefault()) {
            throw new IllegalArgumentException("the default PBX comes first");
        }
    }

    /** One PBX in the seed layout, the seed's rules, every record to {@code campaignId}. */
    public static RecordSetup seed(ZoneId zone, String campaignId) {
        return new RecordSetup(List.of(new PbxSite(AvayaRecordParser.DEFAULT_PBX, zone, RecordLayouts.SEED.name(),
                RecordLayouts.SEED, RecordLayout.DateOrder.MONTH_DAY, List.of(), 0)), ConditionCodes.defaults(),
                CampaignAttribution.fixed(campaignId), Optional.empty());
    }

    /**
     * From the variables' values (null = unset); errors are {@link IllegalArgumentException}s naming
     * the variable (and for the files, the line).
     */
    public static RecordSetup of(ZoneId zone, String campaignId, String recordFormat, String dateFormat,
                                 String conditionCodes, String attributionFile, String sites, int mainPort) {
        RecordLayout.DateOrder dateOrder;
        try {
            dateOrder = dateFormat == null ? RecordLayout.DateOrder.MONTH_DAY : RecordLayout.DateOrder.parse(dateFormat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PBX_CDR_DATE_FORMAT: " + e.getMessage(), e);
        }
        List<PbxSite> all = new ArrayList<>();
        all.add(PbxSite.of(AvayaRecordParser.DEFAULT_PBX, zone, recordFormat == null ? RecordLayouts.SEED.name()
                : recordFormat, dateOrder, List.of(), 0, "PBX_RECORD_FORMAT"));
        if (sites != null) {
            all.addAll(parseSites(sites, zone, recordFormat == null ? RecordLayouts.SEED.name() : recordFormat,
                    dateOrder, mainPort));
        }
        Optional<Path> file = Optional.ofNullable(attributionFile).map(Path::of);
        CampaignAttribution attribution = file.map(path -> CampaignAttribution.load(path, campaignId))
                .orElseGet(() -> CampaignAttribution.fixed(campaignId));
        return new RecordSetup(all, ConditionCodes.withOverrides(conditionCodes), attribution, file);
    }

    private static List<PbxSite> parseSites(String text, ZoneId zone, String format, RecordLayout.DateOrder dateOrder,
                                            int mainPort) {
        YamlTree yaml = new YamlTree("PBX_SITES");
        List<PbxSite> sites = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (Node item : yaml.list(yaml.parse(text), "PBX_SITES")) {
            Map<String, Node> entries = yaml.map(item, "a PBX", SITE_KEYS);
            Node nameNode = entries.get("name");
            if (nameNode == null) {
                throw yaml.error(item, "a PBX needs a name");
            }
            String name = yaml.scalar(nameNode, "name");
            if (!IdRule.NAME.matches(name) || name.equalsIgnoreCase("default")) {
                throw yaml.error(nameNode, "a PBX name is " + IdRule.NAME.describe() + " (not \"default\"), got "
                        + name);
            }
            if (!names.add(name)) {
                throw yaml.error(nameNode, "PBX " + name + " is named twice");
            }
            List<String> sources = entries.containsKey("sources") ? yaml.scalars(entries.get("sources"), "sources")
                    : List.of();
            int port = 0;
            if (entries.containsKey("port")) {
                String value = yaml.scalar(entries.get("port"), "port");
                try {
                    port = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw yaml.error(entries.get("port"), "port must be a number, got " + value);
                }
                if (port < 1 || port > 65535 || port == mainPort || !ports.add(port)) {
                    throw yaml.error(entries.get("port"), "port must be 1..65535, not NET_SOCKET_PORT and not "
                            + "another PBX's, got " + value);
                }
            }
            if (sources.isEmpty() && port == 0) {
                throw yaml.error(item, "PBX " + name + " needs sources (addresses or CIDR blocks) or a port");
            }
            ZoneId siteZone = zone;
            if (entries.containsKey("timezone")) {
                String value = yaml.scalar(entries.get("timezone"), "timezone");
                try {
                    siteZone = ZoneId.of(value);
                } catch (DateTimeException e) {
                    throw yaml.error(entries.get("timezone"), "timezone must be a zone such as Europe/Berlin, got " + value);
                }
            }
            RecordLayout.DateOrder siteOrder = dateOrder;
            if (entries.containsKey("dateFormat")) {
                try {
                    siteOrder = RecordLayout.DateOrder.parse(yaml.scalar(entries.get("dateFormat"), "dateFormat"));
                } catch (IllegalArgumentException e) {
                    throw yaml.error(entries.get("dateFormat"), e.getMessage());
                }
            }
            String siteFormat = entries.containsKey("format") ? yaml.scalar(entries.get("format"), "format") : format;
            try {
                sites.add(PbxSite.of(name, siteZone, siteFormat, siteOrder, sources, port, "PBX " + name));
            } catch (IllegalArgumentException e) {
                throw yaml.error(item, e.getMessage());
            }
        }
        return sites;
    }

    public PbxSite defaultSite() {
        return sites.get(0);
    }

    /** The listener ports of named PBXs. */
    public List<Integer> extraPorts() {
        return sites.stream().filter(site -> site.port() > 0).map(PbxSite::port).toList();
    }

    /**
     * The PBX of a connection: the one whose own port it arrived on, else the first whose sources
     * hold the peer's address, else the default PBX.
     */
    public PbxSite siteFor(int localPort, InetSocketAddress peer) {
        for (PbxSite site : sites) {
            if (site.port() > 0 && site.port() == localPort) {
                return site;
            }
        }
        for (PbxSite site : sites) {
            if (site.matchesSource(peer)) {
                return site;
            }
        }
        return defaultSite();
    }

    /** The longest record any configured customized layout describes. */
    public int longestCustomRecord() {
        return sites.stream().map(PbxSite::layout).filter(FixedLayout.class::isInstance)
                .mapToInt(layout -> ((FixedLayout) layout).length()).max().orElse(0);
    }
}
