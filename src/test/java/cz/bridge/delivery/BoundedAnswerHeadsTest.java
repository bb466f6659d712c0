package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An answer's head read as AristoTelos's connections read it: a server (here a raw socket, as no HTTP server sends such
 * a head) that sends a header line without end, or headers without end, is cut off after the bound, not read into the
 * heap. HttpClient's default connections read both to the end.
 */
class BoundedAnswerHeadsTest {

    /** What the server would send at most: far above the bounds, and above what the sockets' buffers hold. */
    private static final long SERVER_SENDS_AT_MOST = 64L << 20;

    private ServerSocket server;
    private final AtomicLong written = new AtomicLong();
    private CompletableFuture<Void> answered;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        if (answered != null) {
            answered.get(30, TimeUnit.SECONDS);
        }
    }

    /** Answers one request with the head's start, then what repeats until SERVER_SENDS_AT_MOST or the client closes. */
    private void answerOnce(String start, String repeated) {
        answered = CompletableFuture.runAsync(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                byte[] request = new byte[8192];
                String head = "";
                while (!head.contains("\r\n\r\n") || !head.endsWith("{}")) {
                    int n = in.read(request);
                    if (n < 0) {
                        return;
                    }
                    head += new String(request, 0, n, StandardCharsets.ISO_8859_1);
                }
                OutputStream out = socket.getOutputStream();
                out.write(start.getBytes(StandardCharsets.ISO_8859_1));
                byte[] chunk = repeated.repeat(Math.max(1, 8192 / repeated.length())).getBytes(StandardCharsets.ISO_8859_1);
                while (written.get() < SERVER_SENDS_AT_MOST) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
                // the whole answer, had the client read it all
                out.write("\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException closedByTheClient) {
                // the client stopped reading: what is tested
            }
        });
    }

    private String post(CloseableHttpClient client) throws IOException {
        HttpPost post = new HttpPost("http://127.0.0.1:" + server.getLocalPort() + "/api/UpdateAgentStatus");
        post.setEntity(new org.apache.hc.core5.http.io.entity.StringEntity("{}"));
        return client.execute(post, response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
    }

    private static CloseableHttpClient boundedClient() {
        BoundedAnswerHeads heads = new BoundedAnswerHeads();
        heads.setMaxLineBytes(16384);
        heads.setMaxHeaders(100);
        return HttpClients.custom().setConnectionManager(heads.build()).build();
    }

    /** A header line without end; headers without end. */
    static Stream<Arguments> headsWithoutEnd() {
        return Stream.of(Arguments.of("HTTP/1.1 200 OK\r\nX-Endless: ", "x", "Maximum line length limit exceeded"),
                Arguments.of("HTTP/1.1 200 OK\r\n", "X-More: 1\r\n", "Maximum header count exceeded"));
    }

    @ParameterizedTest
    @MethodSource("headsWithoutEnd")
    void aHeadWithoutEndIsCutAfterTheBound(String start, String repeated, String why) throws Exception {
        answerOnce(start, repeated);
        try (CloseableHttpClient client = boundedClient()) {
            assertThatThrownBy(() -> post(client)).isInstanceOf(MessageConstraintException.class).hasMessage(why);
        }
        answered.get(30, TimeUnit.SECONDS);
        assertThat(written.get()).as("bytes the server wrote before the client closed").isLessThan(SERVER_SENDS_AT_MOST);
    }

    @Test
    void anAnswerWithinTheBoundsIsRead() throws Exception {
        String headers = "X-Filler: " + "y".repeat(16000) + "\r\n" + "X-More: 1\r\n".repeat(90);
        answered = CompletableFuture.runAsync(() -> {
            try (Socket socket = server.accept()) {
                socket.getInputStream().read(new byte[8192]);
                socket.getOutputStream().write(("HTTP/1.1 200 OK\r\n" + headers + "Content-Length: 2\r\n\r\nok")
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getInputStream().read(new byte[1]);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (CloseableHttpClient client = boundedClient()) {
            assertThat(post(client)).isEqualTo("200 ok");
        }
    }

    /**
     * A connection is used for requests up to its time to live, then a new one is opened (and AristoTelos's name looked
     * up again): kept alive for ever, the deliveries went on to the address it had when they began, through a fail-over
     * (review 33). A server that keeps every connection open, counting them.
     */
    @Test
    void aConnectionIsNotUsedPastItsTimeToLive() throws Exception {
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        answered = CompletableFuture.runAsync(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    // a thread of its own: the common pool's one thread on two cores runs this loop
                    Thread.ofPlatform().daemon().start(() -> answerEveryRequest(socket));
                } catch (IOException closedAtTheEnd) {
                    return;
                }
            }
        });
        BoundedAnswerHeads heads = new BoundedAnswerHeads();
        heads.setTimeToLiveMs(300);
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(heads.build()).build()) {
            assertThat(post(client)).isEqualTo("200 ok");
            assertThat(post(client)).isEqualTo("200 ok");
            assertThat(connections.get()).as("kept alive within its time to live").isEqualTo(1);
            Thread.sleep(600);
            assertThat(post(client)).isEqualTo("200 ok");
            assertThat(connections.get()).as("a new connection after it").isEqualTo(2);
        }
        server.close();
    }

    /** Answers each request on the connection with 200 ok, keeping it open until the client closes it. */
    private static void answerEveryRequest(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            String head = "";
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                head += new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                if (head.contains("\r\n\r\n") && head.endsWith("{}")) {
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                    head = "";
                }
            }
        } catch (IOException closed) {
            // the client's pool closed it
        }
    }

    @Test
    void aBoundBelowOneNamesTheBeanAndTheFile() {
        BoundedAnswerHeads heads = new BoundedAnswerHeads();
        assertThatThrownBy(() -> heads.setMaxLineBytes(0)).hasMessage(
                "maxLineBytes of aristotelosConnections in aristotelos.camel.yaml must be at least 1 (a number of bytes, e.g. 16384), not 0");
        assertThatThrownBy(() -> heads.setMaxHeaders(-1)).hasMessageContaining("maxHeaders of aristotelosConnections");
        assertThatThrownBy(() -> heads.setConnections(0)).hasMessageContaining("connections of aristotelosConnections");
        assertThatThrownBy(() -> heads.setTimeToLiveMs(0)).hasMessageContaining("timeToLiveMs of aristotelosConnections");
    }
}
