package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
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
}
