package io.cdrplatform.reliability.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the redis-server process behind a port (it says so in {@code INFO server}) and kills it with SIGKILL. */
public final class RedisProcess {

    private static final Pattern PROCESS_ID = Pattern.compile("process_id:(\\d+)");

    private RedisProcess() {
    }

    public static long processId(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            Matcher matcher;
            do {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new IOException("redis-server on port " + port + " closed the connection");
                }
                reply.write(buffer, 0, read);
                matcher = PROCESS_ID.matcher(reply.toString(StandardCharsets.US_ASCII));
            } while (!matcher.find() || reply.toString(StandardCharsets.US_ASCII).indexOf("\r\n", matcher.end()) < 0);
            return Long.parseLong(matcher.group(1));
        }
    }

    /** SIGKILL to the redis-server on this port; returns once it is gone. */
    public static void kill9(int port) throws IOException, InterruptedException {
        long pid = processId(port);
        ProcessHandle handle = ProcessHandle.of(pid)
                .orElseThrow(() -> new IOException("no process " + pid + " behind redis port " + port));
        handle.destroyForcibly();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("redis-server " + pid + " did not die", e);
        }
    }
}
