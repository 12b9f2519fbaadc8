package io.cdrplatform.benchmarks.logger;

import io.cdrplatform.testsupport.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on loopback that delivers every chunk a fixed delay after it arrived, in each
 * direction, in order: a network hop with a given round-trip time (the Lambda-to-database hop of a
 * VPC) in front of a local server. Bandwidth is not limited.
 */
final class LatencyProxy implements AutoCloseable {
    private static final byte[] END = new byte[0];

    private final ServerSocket listener;
    private final int upstreamPort;
    private final long oneWayNanos;

    LatencyProxy(int upstreamPort, Duration roundTrip) throws IOException {
        this.upstreamPort = upstreamPort;
        this.oneWayNanos = roundTrip.toNanos() / 2;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next()));
        Thread acceptor = new Thread(this::accept, "latency-proxy-" + upstreamPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                relay(client, server);
                relay(server, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        BlockingQueue<Object[]> chunks = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    chunks.add(new Object[] {System.nanoTime() + oneWayNanos, Arrays.copyOf(buffer, read)});
                }
            } catch (IOException e) {
                // connection closed
            }
            chunks.add(new Object[] {System.nanoTime(), END});
        });
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Object[] chunk = chunks.take();
                    long wait = (long) chunk[0] - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    byte[] bytes = (byte[]) chunk[1];
                    if (bytes == END) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // connection closed
            }
        });
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
