package io.cdrplatform.bridge.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrplatform.bridge.BridgeConfig;
import io.cdrplatform.core.avaya.AvayaParseResult;
import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.AvayaRecordParser;
import io.cdrplatform.core.avaya.CdrField;
import io.cdrplatform.core.avaya.FixedLayout;
import io.cdrplatform.core.avaya.RecordLayout;
import io.cdrplatform.core.avaya.RecordLayouts;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordSetupTest {

    private static final String CUSTOM = "date,6;space,1;time,4;space,1;sec-dur,5;space,1;cond-code,1;space,1;"
            + "dialed-num,12;space,1;calling-num,8;space,1;code-used,4;space,1;in-trk-code,4;space,1;vdn,5;space,1;"
            + "acct-code,6";

    @TempDir
    Path dir;

    private static AvayaRecord record(String dialed, String calling, String codeUsed, String inTrk, String vdn,
                                      String account) {
        FixedLayout layout = FixedLayout.customized(CUSTOM, RecordLayout.DateOrder.MONTH_DAY);
        String line = layout.render(Map.of(CdrField.DATE, "091725", CdrField.TIME, "1547", CdrField.SEC_DUR, "60",
                CdrField.COND_CODE, "9", CdrField.DIALED_NUM, dialed, CdrField.CALLING_NUM, calling,
                CdrField.CODE_USED, codeUsed, CdrField.IN_TRK_CODE, inTrk, CdrField.VDN, vdn,
                CdrField.ACCT_CODE, account));
        return ((AvayaParseResult.Parsed) new AvayaRecordParser(layout, ZoneOffset.UTC, "berlin").parse(line)).record();
    }

    @Test
    void attributionRulesPickTheFirstMatchingCampaignElseTheFallback() throws Exception {
        Path file = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - campaign: spring-sale
                    vdn: ["5001", "5002"]
                  - campaign: support
                    trunkGroup: "701"
                    calledPrefix: "0800"
                  - campaign: vip
                    callingPrefix: "49"
                    accountCode: "4711"
                  - campaign: paris-only
                    pbx: paris
                    calledPrefix: "0"
                """);
        CampaignAttribution rules = CampaignAttribution.load(file, "avaya");

        assertThat(rules.campaignFor(record("0800111", "24321", "701", "", "5002", ""))).isEqualTo("spring-sale");
        assertThat(rules.campaignFor(record("0800111", "24321", "", "701", "", ""))).isEqualTo("support");
        assertThat(rules.campaignFor(record("0900111", "24321", "701", "", "", ""))).isEqualTo("avaya");
        assertThat(rules.campaignFor(record("0900111", "4930", "", "", "", "4711"))).isEqualTo("vip");
        assertThat(rules.campaignFor(record("0900111", "4930", "", "", "", "4712"))).isEqualTo("avaya");
        assertThat(rules.ruleCount()).isEqualTo(4);
    }

    @Test
    void theRulesMayBeJsonToo() {
        CampaignAttribution rules = CampaignAttribution.parse("[{\"campaign\": \"sales\", \"vdn\": \"5001\"}]",
                "test", "avaya");
        assertThat(rules.campaignFor(record("1", "2", "", "", "5001", ""))).isEqualTo("sales");
    }

    @Test
    void aRulesFileThatDoesNotParseOrIsWrongStopsTheStartNamingTheLine() throws Exception {
        assertThatThrownBy(() -> CampaignAttribution.parse("rules:\n  - campaign: a\n    vdn: [5001\n", "f", "x"))
                .hasMessageContaining("f line");
        assertThatThrownBy(() -> CampaignAttribution.parse("rules:\n  - campaign: a\n    vdn: 1\n  - campaign: b\n"
                + "    colour: red\n", "f", "x")).hasMessageContaining("line 5").hasMessageContaining("colour");
        assertThatThrownBy(() -> CampaignAttribution.parse("rules:\n  - vdn: 1\n", "f", "x"))
                .hasMessageContaining("line 2").hasMessageContaining("campaign");
        assertThatThrownBy(() -> CampaignAttribution.parse("rules:\n  - campaign: 'a b'\n    vdn: 1\n", "f", "x"))
                .hasMessageContaining("line 2").hasMessageContaining("[A-Za-z0-9._:-]");
        assertThatThrownBy(() -> CampaignAttribution.parse("rules:\n  - campaign: a\n", "f", "x"))
                .hasMessageContaining("no condition");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"rules\": [\n {\"campaign\": \"a\",,}]}");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN",
                "arn:aws:sns:us-east-1:000000000000:call-events", "PBX_ATTRIBUTION_FILE", broken.toString())))
                .hasMessageContaining("PBX_ATTRIBUTION_FILE").hasMessageContaining("line 2");
    }

    @Test
    void pbxSitesAreRecognisedByPortOrSourceAndCarryTheirZoneLayoutAndDateOrder() {
        RecordSetup setup = RecordSetup.of(ZoneId.of("UTC"), "avaya", "teleseer", "day/month", "H=busy", null, """
                - name: berlin
                  sources: [10.1.0.0/16, 192.0.2.7]
                  timezone: Europe/Berlin
                  format: auto
                - name: paris
                  port: 9001
                  format: "time,4;space,1;sec-dur,5"
                  dateFormat: month/day
                """, 9000);

        PbxSite berlin = setup.siteFor(9000, new InetSocketAddress("10.1.2.3", 5000));
        assertThat(berlin.name()).isEqualTo("berlin");
        assertThat(berlin.auto()).isTrue();
        assertThat(berlin.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.dateOrder()).isEqualTo(RecordLayout.DateOrder.DAY_MONTH);
        PbxSite paris = setup.siteFor(9001, new InetSocketAddress("10.1.2.3", 5000));
        assertThat(paris.name()).as("the port wins").isEqualTo("paris");
        assertThat(paris.layout().name()).startsWith("custom-");
        PbxSite other = setup.siteFor(9000, new InetSocketAddress("192.0.2.8", 5000));
        assertThat(other.isDefault()).isTrue();
        assertThat(other.layout()).isEqualTo(RecordLayouts.TELESEER);
        assertThat(setup.extraPorts()).containsExactly(9001);
        assertThat(setup.conditionCodes().overrides()).containsEntry("H", "busy");
    }

    @Test
    void badPbxSitesStopTheStartNamingTheLine() {
        assertThatThrownBy(() -> sites("- name: a\n  port: 9000\n")).hasMessageContaining("line 2")
                .hasMessageContaining("NET_SOCKET_PORT");
        assertThatThrownBy(() -> sites("- name: a\n")).hasMessageContaining("sources");
        assertThatThrownBy(() -> sites("- name: a\n  port: 9001\n- name: a\n  port: 9002\n"))
                .hasMessageContaining("line 3").hasMessageContaining("twice");
        assertThatThrownBy(() -> sites("- name: a\n  sources: [10.0.0.0/33]\n")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> sites("- name: a\n  port: 9001\n  format: telesear\n")).hasMessageContaining("teleseer");
        assertThatThrownBy(() -> sites("- name: a\n  port: 9001\n  timezone: Mars/Olympus\n"))
                .hasMessageContaining("line 3").hasMessageContaining("timezone");
        assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SNS_TOPIC_ARN",
                "arn:aws:sns:us-east-1:000000000000:call-events", "PBX_RECORD_FORMAT", "time,4;sec-dur,5;vdn,40")))
                .hasMessageContaining("PBX_RECORD_FORMAT");
    }

    private static RecordSetup sites(String yaml) {
        return RecordSetup.of(ZoneId.of("UTC"), "avaya", null, null, null, null, yaml, 9000);
    }

    @Test
    void aSpooledLineOfACustomizedLayoutParsesTheSameAfterTheFormatChanged() throws Exception {
        FixedLayout old = FixedLayout.customized(CUSTOM, RecordLayout.DateOrder.MONTH_DAY);
        LayoutCatalog.open(dir, List.of(old));

        LayoutCatalog afterChange = LayoutCatalog.open(dir, List.of(RecordLayouts.TELESEER));

        assertThat(afterChange.byName(old.name())).hasValueSatisfying(layout -> {
            assertThat(layout.name()).isEqualTo(old.name());
            assertThat(((FixedLayout) layout).slots()).isEqualTo(old.slots());
        });
        SpoolContext context = new SpoolContext("berlin", old.name(), ZoneId.of("Europe/Berlin"),
                LocalDate.of(2025, 9, 17), 2, 72_000);
        assertThat(SpoolContext.decode(context.encode())).isEqualTo(context);
        assertThat(SpoolContext.SEED.encode()).isEmpty();
        assertThat(SpoolContext.decode("")).isEqualTo(SpoolContext.SEED);
    }
}
