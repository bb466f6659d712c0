package cz.bridge.delivery;

import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;

/**
 * The connections to AristoTelos, on which an answer's status line and headers are read within bounds: each line up to
 * maxLineBytes, at most maxHeaders of them. HttpClient's own defaults have no bound on either, and camel-http has no
 * option for them: a header that never ends, from a misconfigured ARISTOTELOS_URL or a proxy, grew in the heap until
 * it was full (BoundedAnswers bounds the body, which comes after). An answer beyond a bound fails like no answer
 * ("AristoTelos's answer was not read: …"): the event stays queued and is tried again. Built by the bean
 * aristotelosConnections in aristotelos.camel.yaml, which also sets the pool's size (camel-http's own options for it
 * go to a pool it no longer uses).
 */
public class BoundedAnswerHeads {

    private int maxLineBytes = 16 * 1024;
    private int maxHeaders = 100;
    private int connections = 20;

    public void setMaxLineBytes(int maxLineBytes) {
        this.maxLineBytes = atLeastOne("maxLineBytes", maxLineBytes, "a number of bytes, e.g. 16384");
    }

    public void setMaxHeaders(int maxHeaders) {
        this.maxHeaders = atLeastOne("maxHeaders", maxHeaders, "a number of headers, e.g. 100");
    }

    /** At once, to AristoTelos: the deliveries in parallel (bridge.delivery.concurrency) need one each. */
    public void setConnections(int connections) {
        this.connections = atLeastOne("connections", connections, "a number of connections, e.g. 20");
    }

    public PoolingHttpClientConnectionManager build() {
        Http1Config bounds = Http1Config.custom().setMaxLineLength(maxLineBytes).setMaxHeaderCount(maxHeaders).build();
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder().http1Config(bounds).build())
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .build();
    }

    private static int atLeastOne(String property, int value, String form) {
        return (int) BoundedAnswers.atLeastOne("aristotelosConnections", property, value, form);
    }
}
