package io.cdrplatform.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvertisedVersionTest {

    @TempDir
    Path dir;

    @Test
    void both_backends_report_mongodb_6_0_with_wire_version_17_to_a_client() {
        for (MongoBackend backend : List.of(EmulatorBackends.inMemory(),
                EmulatorBackends.onH2(H2StoreFile.open(dir.resolve("mongo.mv"), (thread, failure) -> { })))) {
            MongoServer server = new MongoServer(backend);
            try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort(server.bind()))) {
                Document hello = client.getDatabase("admin").runCommand(new Document("isMaster", 1));
                Document buildInfo = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));

                assertThat(hello.getInteger("maxWireVersion")).isEqualTo(17);
                assertThat(buildInfo.getString("version")).isEqualTo("6.0.0");
                assertThat(buildInfo.getList("versionArray", Integer.class)).containsExactly(6, 0, 0);
            } finally {
                server.shutdownNow();
            }
        }
    }

    private static String hostAndPort(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
