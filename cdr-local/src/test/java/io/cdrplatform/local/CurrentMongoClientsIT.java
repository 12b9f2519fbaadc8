package io.cdrplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrplatform.testsupport.FreePorts;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The MongoDB tools users have today against cdr-local's embedded store, as the README's "Look at
 * the stores" shows them: the real mongosh 2.x and the Node.js driver of the current major (npm
 * packages, installed by {@link NpmMongoClients} into target/mongo-clients), connecting, counting,
 * finding by {@code campaignId} and summing {@code cost} (Decimal128) in an aggregation.
 */
class CurrentMongoClientsIT {

    private static final String CAMPAIGN = "clients-a";

    @TempDir
    static Path dataDir;

    private static CdrLocal local;
    private static NpmMongoClients clients;

    @BeforeAll
    static void startCdrLocalWithCalls() throws Exception {
        clients = NpmMongoClients.installedIn(Path.of(System.getProperty("mongo-clients.dir", "target/mongo-clients")));
        local = CdrLocal.start(Map.of(
                "DATA_DIR", dataDir.toString(),
                "LOCAL_MONGO_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_REDIS_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_SNS_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_HTTP_PORT", Integer.toString(FreePorts.next()),
                "LOCAL_BRIDGE", "false"));
        try (SnsClient sns = LocalSnsClients.forPort(local.snsPort())) {
            // three ended calls of one campaign (61 s and 125 s answered: 2 and 3 minutes at 0.01; a 0 s no-answer)
            // and a ringing call of another
            for (String event : List.of(
                    event("mc-1", CAMPAIGN, "call_initiated", "2024-01-15T10:00:00Z", ""),
                    event("mc-1", CAMPAIGN, "call_ended", "2024-01-15T10:01:01Z", ",\"outcome\":\"answered\",\"duration\":61"),
                    event("mc-2", CAMPAIGN, "call_initiated", "2024-01-15T10:05:00Z", ""),
                    event("mc-2", CAMPAIGN, "call_ended", "2024-01-15T10:07:05Z", ",\"outcome\":\"answered\",\"duration\":125"),
                    event("mc-3", CAMPAIGN, "call_ended", "2024-01-15T10:09:00Z", ",\"outcome\":\"no_answer\",\"duration\":0"),
                    event("mc-4", "clients-b", "call_initiated", "2024-01-15T11:00:00Z", ""))) {
                sns.publish(request -> request.topicArn(CdrLocal.CALL_EVENTS_TOPIC_ARN).message(event));
            }
        }
    }

    @AfterAll
    static void stopCdrLocal() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void mongosh_2_connects_counts_finds_by_campaign_and_sums_decimal_cost() throws Exception {
        JsonNode answers = clients.mongosh(local.mongoUri() + "/campaign_system", CAMPAIGN);
        System.out.println("mongosh " + clients.version("mongosh") + ": " + answers);

        assertThat(clients.version("mongosh")).startsWith("2.");
        assertTheStoresAnswers(answers);
    }

    @Test
    void the_current_nodejs_driver_connects_counts_finds_by_campaign_and_sums_decimal_cost() throws Exception {
        JsonNode answers = clients.nodeDriver(local.mongoUri(), CAMPAIGN);
        System.out.println("mongodb (Node.js driver) " + clients.version("mongodb") + ": " + answers);

        assertThat(clients.version("mongodb")).startsWith("7.");
        assertTheStoresAnswers(answers);
    }

    private static void assertTheStoresAnswers(JsonNode answers) {
        assertThat(answers.path("serverVersion").asText()).isEqualTo("6.0.0");
        assertThat(answers.path("count").path("$numberInt").asText(answers.path("count").asText())).isEqualTo("4");
        assertThat(answers.path("callIds")).extracting(JsonNode::asText).containsExactly("mc-1", "mc-2", "mc-3");
        assertThat(answers.path("costs")).hasSize(1);
        JsonNode group = answers.path("costs").get(0);
        assertThat(group.path("_id").asText()).isEqualTo(CAMPAIGN);
        assertThat(group.path("calls").path("$numberInt").asText()).isEqualTo("3");
        // the sum is still a Decimal128 (never a binary float) and exact: 0.02 + 0.03 + 0
        assertThat(group.path("totalCost").has("$numberDecimal")).as("totalCost is Decimal128: %s", group).isTrue();
        assertThat(new BigDecimal(group.path("totalCost").path("$numberDecimal").asText())).isEqualByComparingTo("0.05");
    }

    private static String event(String callId, String campaignId, String type, String timestamp, String more) {
        return "{\"callId\":\"" + callId + "\",\"campaignId\":\"" + campaignId + "\",\"eventType\":\"" + type
                + "\",\"timestamp\":\"" + timestamp + "\"" + more + "}";
    }
}
