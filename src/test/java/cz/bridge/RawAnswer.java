package cz.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback stand-in that answers one request with these bytes as they are (a head no HTTP server would send), then
 * reads until the client lets go; it ends by itself after 20 s.
 */
public final class RawAnswer implements AutoCloseable {

    private final ServerSocket socket;

    public RawAnswer(String answer) throws IOException {
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(20_000);
        Thread server = new Thread(() -> {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(20_000);
                InputStream in = connection.getInputStream();
                if (!readRequestHead(in)) {
                    return;
                }
                connection.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                connection.getOutputStream().flush();
                // a request's body too: closed with unread bytes, the connection is reset, and the client may see that instead
                while (in.read() >= 0) {
                    // until the client lets go
                }
            } catch (IOException ended) {
                // the client closed, or 20 s passed: the stand-in ends anyway
            }
        }, "raw-answer");
        server.setDaemon(true);
        server.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Reads a request's headers to their blank line; false when the connection ended before it. */
    public static boolean readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return true;
    }
}
