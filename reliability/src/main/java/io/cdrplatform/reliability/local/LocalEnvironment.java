package io.cdrplatform.reliability.local;

import io.cdrplatform.testsupport.FreePorts;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of one cdr-local: its data directory and a free loopback port for each of its
 * faces (CONTRACT section 6), plus whatever else a test sets ({@code REDIS_URL}, tariff, ...).
 * The same environment serves every restart, so the restarted process finds its data and its ports.
 */
public final class LocalEnvironment {

    public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:call-events";

    private final Map<String, String> variables;

    private LocalEnvironment(Map<String, String> variables) {
        this.variables = variables;
    }

    public static LocalEnvironment onFreePorts(Path dataDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATA_DIR", dataDir.toAbsolutePath().toString());
        env.put("LOCAL_MONGO_PORT", Integer.toString(FreePorts.next()));
        env.put("LOCAL_REDIS_PORT", Integer.toString(FreePorts.next()));
        env.put("LOCAL_SNS_PORT", Integer.toString(FreePorts.next()));
        env.put("LOCAL_HTTP_PORT", Integer.toString(FreePorts.next()));
        env.put("NET_SOCKET_PORT", Integer.toString(FreePorts.next()));
        env.put("NET_SOCKET_ADDR", "127.0.0.1");
        env.put("BRIDGE_HEALTH_PORT", Integer.toString(FreePorts.next()));
        env.put("BRIDGE_HEALTH_ADDR", "127.0.0.1");
        return new LocalEnvironment(env);
    }

    public LocalEnvironment with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(variables);
        copy.put(name, value);
        return new LocalEnvironment(copy);
    }

    public Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    public String get(String name) {
        return variables.get(name);
    }

    private int port(String name) {
        return Integer.parseInt(variables.get(name));
    }

    public URI snsEndpoint() {
        return URI.create("http://127.0.0.1:" + port("LOCAL_SNS_PORT"));
    }

    public URI httpApi() {
        return URI.create("http://127.0.0.1:" + port("LOCAL_HTTP_PORT"));
    }

    public int pbxPort() {
        return port("NET_SOCKET_PORT");
    }

    public URI bridgeHealth() {
        return URI.create("http://127.0.0.1:" + port("BRIDGE_HEALTH_PORT") + "/health");
    }

    /** The embedded MongoDB (wire protocol) when {@code MONGODB_URI} is not set. */
    public String mongoUri() {
        String external = variables.get("MONGODB_URI");
        return external != null ? external : "mongodb://127.0.0.1:" + port("LOCAL_MONGO_PORT");
    }

    /** The Redis cdr-local uses: {@code REDIS_URL} when set, else its embedded one. */
    public String redisUri() {
        String external = variables.get("REDIS_URL");
        return external != null ? external : "redis://127.0.0.1:" + port("LOCAL_REDIS_PORT");
    }

    /** Where the bridge keeps its spool and {@code rejected-lines.jsonl} (cdr-local: DATA_DIR/spool). */
    public Path spoolDir() {
        String spool = variables.get("SPOOL_DIR");
        return spool != null ? Path.of(spool) : Path.of(variables.get("DATA_DIR")).resolve("spool");
    }
}
