package cz.bridge.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that POSTs JSON and returns the status code. The load
 * generator shares the two cores with the bridge; java.net.http's client spent about a third of a
 * millisecond of CPU per request there (selector thread, worker hand-offs), which the bridge's
 * figures then paid for. This one writes one buffer and reads the answer on the calling thread.
 * Not thread-safe: one per client thread.
 */
final class KeepAliveClient implements AutoCloseable {

    private final URI uri;
    private final byte[] head;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    KeepAliveClient(URI uri, String secretHeader, String secret) {
        this.uri = uri;
        this.head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + secretHeader + ": " + secret + "\r\n"
                + "Content-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the answer's status code; the connection is reopened once if the server closed it */
    int post(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + length.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(length, 0, request, head.length, length.length);
        System.arraycopy(body, 0, request, head.length + length.length, body.length);
        boolean reused = socket != null;
        try {
            return exchange(request);
        } catch (IOException e) {
            close();
            if (!reused) {
                throw e;
            }
            return exchange(request); // the server may close an idle keep-alive connection
        }
    }

    private int exchange(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }
        out.write(request);
        out.flush();
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closeAfter = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine().trim(), 16); size > 0; size = Long.parseLong(readLine().trim(), 16)) {
                skip(size);
                readLine();
            }
            for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                // trailers are not used
            }
        } else if (contentLength > 0) {
            skip(contentLength);
        } else if (contentLength < 0) {
            closeAfter = true; // body until close: not expected from the bridge
        }
        if (closeAfter) {
            close();
        }
        return status;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed inside a body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we no longer use
            }
            socket = null;
        }
    }
}
