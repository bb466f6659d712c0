package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bound counts what camel-http would hold: the decompressed body. A compressed answer grows a thousandfold (zeros,
 * here 128 MB from about 128 KB), so a bound on the bytes on the wire would let 64 MB through.
 */
class BoundedAnswersTest {

    private HttpServer server;
    private final AtomicLong written = new AtomicLong();
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/UpdateAgentStatus", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = new GZIPOutputStream(exchange.getResponseBody(), true)) {
                byte[] zeros = new byte[64 * 1024];
                for (int i = 0; i < 2048; i++) {
                    body.write(zeros);
                    written.addAndGet(zeros.length);
                }
            } catch (IOException closedByTheClient) {
                // the client stopped reading
            }
        });
        server.createContext("/small", exchange -> {
            exchange.getRequestBody().readAllBytes();
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] ok = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            boolean chunked = exchange.getRequestURI().getQuery() != null;
            exchange.sendResponseHeaders(200, chunked ? 0 : ok.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(ok);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /**
     * Read as camel-http reads an answer (to its length when it has one, else to its end; then the stream closed, the
     * response not), a small answer leaves its connection for the next request: the bound must not cost a connection
     * per delivery.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSmallAnswerReadWholeKeepsItsConnection(boolean chunked) throws Exception {
        BoundedAnswers bounds = new BoundedAnswers();
        HttpClientBuilder builder = HttpClientBuilder.create();
        bounds.configureHttpClient(builder);
        try (CloseableHttpClient client = builder.build()) {
            for (int i = 0; i < 3; i++) {
                HttpPost post = new HttpPost("http://127.0.0.1:" + server.getAddress().getPort() + "/small" + (chunked ? "?chunked" : ""));
                ClassicHttpResponse response = client.executeOpen(null, post, null);
                HttpEntity entity = response.getEntity();
                try (InputStream in = entity.getContent()) {
                    byte[] body = entity.getContentLength() > 0 ? in.readNBytes((int) entity.getContentLength()) : in.readAllBytes();
                    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"ok\"}");
                }
            }
        }
        assertThat(clientPorts).as("the client's port of each request").hasSize(3).containsOnly(clientPorts.get(0));
    }

    @Test
    void aCompressedAnswerIsBoundedByWhatItDecompressesTo() throws Exception {
        BoundedAnswers bounds = new BoundedAnswers();
        bounds.setMaxBytes(65536);
        HttpClientBuilder builder = HttpClientBuilder.create();
        bounds.configureHttpClient(builder);
        try (CloseableHttpClient client = builder.build()) {
            HttpPost post = new HttpPost("http://127.0.0.1:" + server.getAddress().getPort() + "/api/UpdateAgentStatus");
            byte[] body = client.execute(post, response -> {
                assertThat(response.getCode()).isEqualTo(200);
                return EntityUtils.toByteArray(response.getEntity());
            });
            assertThat(body).as("what the client holds of the answer").hasSize(65536);
        }
    }

    /**
     * A head that comes a byte every 100 ms never meets the client's responseTimeout (2 s here), which bounds each read:
     * without a bound of its own the delivery waited for the whole head, here 35 s, in the field as long as the server
     * liked. With maxMillis 1000 it is given up 3 s after the request.
     */
    @Test
    void aHeadThatTricklesIsNoAnswerAfterTheBound() throws Exception {
        AtomicLong trickled = new AtomicLong();
        try (ServerSocket trickling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
                try (Socket socket = trickling.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    OutputStream out = socket.getOutputStream();
                    byte[] head = ("HTTP/1.1 200 OK\r\nX-Slow: " + "x".repeat(300) + "\r\nContent-Length: 2\r\n\r\nok")
                            .getBytes(StandardCharsets.ISO_8859_1);
                    for (byte b : head) {
                        out.write(b);
                        out.flush();
                        trickled.incrementAndGet();
                        Thread.sleep(100);
                    }
                } catch (IOException closedByTheClient) {
                    // the client gave up: what is tested
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            BoundedAnswers bounds = new BoundedAnswers();
            bounds.setMaxMillis(1000);
            HttpClientBuilder builder = HttpClientBuilder.create().setDefaultRequestConfig(
                    RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(2)).build());
            bounds.configureHttpClient(builder);
            long start = System.nanoTime();
            try (CloseableHttpClient client = builder.build()) {
                HttpPost post = new HttpPost("http://127.0.0.1:" + trickling.getLocalPort() + "/api/UpdateAgentStatus");
                assertThatThrownBy(() -> client.execute(post, response -> response.getCode())).isInstanceOf(AnswerTooSlow.class)
                        .hasMessage("had no whole head within 3000 ms of the request: its connection is closed");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            answered.get(10, TimeUnit.SECONDS);
            assertThat(trickled.get()).as("bytes of the head sent before the client closed").isLessThan(100);
        }
    }
}
