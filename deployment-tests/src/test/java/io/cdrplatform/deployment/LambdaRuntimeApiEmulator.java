package io.cdrplatform.deployment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The AWS Lambda Runtime API (2018-06-01) as the Lambda service offers it to a container: the
 * runtime long-polls {@code /runtime/invocation/next}, answers through {@code /response} or
 * {@code /error}, and reports start-up failures to {@code /runtime/init/error}. Enough of it to run
 * a real image entry point (the runtime interface client) against test events.
 */
final class LambdaRuntimeApiEmulator implements AutoCloseable {

    /** What the runtime answered for one invocation. */
    record Outcome(boolean error, String body, String errorType) {
    }

    private record Invocation(String requestId, String event) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstPollNanos = new CompletableFuture<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();

    LambdaRuntimeApiEmulator() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "runtime-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/2018-06-01/runtime/", this::handle);
        server.start();
    }

    /** host:port, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event and waits for the runtime's answer. */
    Outcome invoke(String event, Duration timeout) throws Exception {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        outcomes.put(requestId, outcome);
        pending.add(new Invocation(requestId, event));
        return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** System.nanoTime() of the runtime's first poll for work: its initialisation is over then. */
    long awaitFirstPoll(Duration timeout) throws Exception {
        return firstPollNanos.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean initFailed() {
        return initError.isDone();
    }

    /** The body the runtime posted to {@code /runtime/init/error}, once it has. */
    String awaitInitError(Duration timeout) throws Exception {
        return initError.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/2018-06-01/runtime/".length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                firstPollNanos.complete(System.nanoTime());
                Invocation invocation;
                try {
                    invocation = pending.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    respond(exchange, 500, "{}");
                    return;
                }
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                        Long.toString(System.currentTimeMillis() + 30_000));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:000000000000:function:emulated");
                exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                        "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0");
                respond(exchange, 200, invocation.event());
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                complete(path, new Outcome(false, body, null));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                complete(path, new Outcome(true, body,
                        exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else if (path.equals("init/error")) {
                initError.complete(body);
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                respond(exchange, 404, "{\"errorMessage\":\"unknown path\"}");
            }
        } finally {
            exchange.close();
        }
    }

    private void complete(String path, Outcome outcome) {
        String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
        CompletableFuture<Outcome> future = outcomes.remove(requestId);
        if (future != null) {
            future.complete(outcome);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow(); // a long poll of /next still waiting for an event
    }
}
