package io.cdrplatform.local;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar cdr-local.jar}: starts the pipeline, prints where it listens, stops on SIGTERM / Ctrl-C.
 * {@code java -jar cdr-local.jar copy-store --to MONGODB_URI}: copies the embedded store ({@link StoreCopy}).
 */
public final class CdrLocalMain {

    /** EX_SOFTWARE of sysexits.h: an internal failure, not a usage error (2). */
    static final int STORE_LOST_EXIT_CODE = 70;

    private CdrLocalMain() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "cdr-local-log4j2.xml");
        }
        if (args.length > 0) {
            if (!args[0].equals(StoreCopy.COMMAND)) {
                System.err.println("cdr-local: unknown command '" + args[0] + "'; no argument starts the pipeline, "
                        + StoreCopy.COMMAND + " --to MONGODB_URI copies the embedded store to another MongoDB");
                System.exit(2);
            }
            System.exit(StoreCopy.main(java.util.List.of(args).subList(1, args.length), System.getenv(), System.out,
                    System.err));
        }
        CdrLocal local;
        try {
            local = CdrLocal.start(System.getenv(), CdrLocalMain::exitOnStoreLost);
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

    /**
     * A process that keeps running on a closed store answers every publish and query with a 500
     * until someone notices; exiting lets a supervisor (or the user) restart it on the data on disk,
     * which holds everything acknowledged.
     */
    private static void exitOnStoreLost(Throwable cause) {
        org.slf4j.LoggerFactory.getLogger(CdrLocalMain.class).atError()
                .addKeyValue("exitCode", STORE_LOST_EXIT_CODE)
                .log("the embedded MongoDB store closed itself after a failure ({}); cdr-local exits, restart it "
                        + "(with more heap if the cause is an OutOfMemoryError)", cause.toString());
        // not from the watchdog thread itself: the shutdown hook waits for the store's threads
        new Thread(() -> System.exit(STORE_LOST_EXIT_CODE), "cdr-local-exit").start();
    }
}
