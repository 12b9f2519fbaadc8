package io.cdrplatform.reliability.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes on a socket, for requests no well-behaved HTTP client would send (control bytes in the
 * request line, broken framing, not HTTP at all). Reads the status line of the answer, if any.
 */
public final class RawHttp {

    /** No status line: the server closed the connection (or timed out) without answering. */
    public static final int NO_ANSWER = -1;

    private RawHttp() {
    }

    /** The status code of the first answer, or {@link #NO_ANSWER}. */
    public static int status(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may close while a large request is still being written; read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n' && head.size() < 1024) {
                head.write(b);
            }
            String statusLine = head.toString(StandardCharsets.ISO_8859_1).trim();
            String[] parts = statusLine.split(" ");
            if (parts.length >= 2 && parts[0].startsWith("HTTP/")) {
                return Integer.parseInt(parts[1]);
            }
            return NO_ANSWER;
        } catch (SocketTimeoutException e) {
            return NO_ANSWER;
        } catch (IOException | NumberFormatException e) {
            return NO_ANSWER;
        }
    }

    public static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
