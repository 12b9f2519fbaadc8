package io.cdrplatform.local;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar cdr-local.jar}: starts the pipeline, prints where it listens, stops on SIGTERM / Ctrl-C. */
public final class CdrLocalMain {

    private CdrLocalMain() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "cdr-local-log4j2.xml");
        }
        CdrLocal local;
        try {
            local = CdrLocal.start(System.getenv());
        } catch (PortInUseException | IllegalArgumentException e) {
            System.err.println("cdr-local: " + e.getMessage());
            System.exit(2);
            return;
        }
        long readyMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        org.slf4j.LoggerFactory.getLogger(CdrLocalMain.class).atInfo()
                .addKeyValue("readyMillis", readyMillis)
                .log("cdr-local ready in {} ms", readyMillis);
        System.out.println(local.banner(readyMillis));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            local.close();
            stopped.countDown();
        }, "cdr-local-shutdown"));
        stopped.await();
    }
}
