package cz.bridge.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/**
 * A simulator's HTTP server on 127.0.0.1: an embedded Tomcat of its own, apart from the bridge's
 * ports. Tomcat sets TCP_NODELAY on each connection it accepts, so an answer goes out at once
 * (the JDK's HttpServer needed the JVM-wide sun.net.httpserver.nodelay for that, or every answer
 * waited for the client's delayed ACK, 40 ms). The port is bound at start and freed at close.
 */
final class LoopbackServer implements AutoCloseable {

    /** What the simulator does with one request. */
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private final WebServer server;

    LoopbackServer(int port, int threads, Handler handler) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(port);
        factory.setAddress(InetAddress.getLoopbackAddress());
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("bindOnInit", "false");
            connector.setProperty("maxThreads", Integer.toString(threads));
            connector.setProperty("minSpareThreads", Integer.toString(Math.min(threads, 4)));
            connector.setProperty("acceptCount", "200");
            // as the JDK server did: a connection stays open, however many requests it carries
            connector.setProperty("maxKeepAliveRequests", "-1");
            connector.setProperty("keepAliveTimeout", "30000");
        });
        HttpServlet servlet = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                handler.handle(request, response);
            }
        };
        server = factory.getWebServer(context -> context.addServlet("simulator", servlet).addMapping("/"));
        server.start();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.stop();
        server.destroy();
    }

    /** Answers with this status and JSON body (none when empty). */
    static void answer(HttpServletResponse response, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        if (!contentType.equals(response.getContentType())) {
            // Tomcat drops a charset the JRE does not know (with a warning): a proxy or another server sends it as written
            asWritten(response, contentType);
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The Content-Type header exactly as given, past the servlet API's parsing of its charset. */
    private static void asWritten(HttpServletResponse response, String contentType) {
        try {
            java.lang.reflect.Field inner = org.apache.catalina.connector.ResponseFacade.class.getDeclaredField("response");
            inner.setAccessible(true);
            ((org.apache.catalina.connector.Response) inner.get(response)).getCoyoteResponse().setContentTypeNoCharset(contentType);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the Content-Type as written: " + e, e);
        }
    }

    /** The fields of a query string or form body (null: none). */
    static Map<String, String> fields(String urlEncoded) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : urlEncoded == null ? new String[0] : urlEncoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    /** A simulated latency (none when zero). */
    static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
