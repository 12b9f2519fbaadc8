package io.cdrplatform.reliability.pbx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * The PBX end of one TCP link to the bridge: connects (retrying while the bridge is down, as a PBX
 * does), writes raw bytes, and notices when the bridge went away. The bridge never answers on this
 * link, so a closed or reset connection is the only signal a PBX gets.
 */
public final class PbxLink implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private PbxLink(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Connects, retrying every 100 ms until {@code patience} has passed. */
    public static PbxLink connect(String host, int port, Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 1000);
                return new PbxLink(socket);
            } catch (IOException e) {
                socket.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Whether the bridge closed or reset the link. The bridge never sends, so any readable byte or
     * end of stream means it is gone.
     */
    public boolean closedByBridge() {
        try {
            if (in.available() > 0) {
                return true;
            }
            socket.setSoTimeout(1);
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
