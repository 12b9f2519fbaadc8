package io.cdrplatform.bridge;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar avaya-bridge.jar}: reads the configuration from the environment, runs the
 * bridge, and on SIGTERM (or Ctrl-C) shuts it down gracefully before the JVM exits. Exit status
 * 2 for a configuration error, 1 when the bridge cannot start (e.g. a port in use).
 */
public final class BridgeMain {

    static final String LOG_CONFIG = "avaya-bridge-log4j2.xml";

    private BridgeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Before the first logger exists: the bridge's own JSON log configuration, unless one is given.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        run(System.getenv());
    }

    static void run(Map<String, String> env) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(BridgeMain.class);
        BridgeConfig config;
        try {
            config = BridgeConfig.fromEnv(env);
        } catch (IllegalArgumentException e) {
            log.error("configuration error: {}", e.getMessage());
            System.exit(2);
            return;
        }
        AvayaBridge bridge = new AvayaBridge(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "bridge-shutdown"));
        try {
            bridge.start();
        } catch (Exception e) {
            log.error("the avaya bridge could not start: {}", e.toString(), e);
            System.exit(1);
        }
        stopped.await();
    }
}
