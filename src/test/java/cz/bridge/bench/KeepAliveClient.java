package cz.bridge.bench;

import java.io.IOException;
import java.net.URI;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;

/**
 * One keep-alive HTTP/1.1 connection that POSTs JSON and returns the status code, with Apache
 * HttpClient's classic (blocking) client, which the bridge already has for AristoTelos. The load
 * generator shares the two cores with the bridge; java.net.http's client spent about a third of a
 * millisecond of CPU per request there (selector thread, worker hand-offs), which the bridge's
 * figures then paid for. This one sends and reads the answer on the calling thread.
 * Not thread-safe: one per client thread.
 */
final class KeepAliveClient implements AutoCloseable {

    private final URI uri;
    private final String secretHeader;
    private final String secret;
    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(new BasicHttpClientConnectionManager())
            .disableAutomaticRetries()
            .build();

    KeepAliveClient(URI uri, String secretHeader, String secret) {
        this.uri = uri;
        this.secretHeader = secretHeader;
        this.secret = secret;
    }

    /** @return the answer's status code */
    int post(String json) throws IOException {
        HttpPost post = new HttpPost(uri);
        post.setHeader(secretHeader, secret);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return http.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
