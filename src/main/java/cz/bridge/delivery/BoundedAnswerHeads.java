package cz.bridge.delivery;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.TimeValue;

/**
 * AristoTelos connections whose status line and headers are read within bounds (maxLineBytes, maxHeaders; HttpClient
 * has none, camel-http no option): docs/security.md, "Answers from outside are bounded too". Built by
 * aristotelosConnections in aristotelos.camel.yaml, which also sizes the pool (camel-http's own pool options go to a
 * pool it no longer uses).
 */
public class BoundedAnswerHeads {

    private int maxLineBytes = 16 * 1024;
    private int maxHeaders = 100;
    private int connections = 20;
    private long timeToLiveMs = 60_000;

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

    /**
     * How long a connection is used for requests, from its opening: kept alive for ever, the deliveries went on to the
     * address AristoTelos's name had when they began, through a fail-over to another one (camel-http's
     * connectionTimeToLive goes to the pool it no longer uses).
     */
    public void setTimeToLiveMs(long timeToLiveMs) {
        this.timeToLiveMs = BoundedAnswers.atLeastOne("aristotelosConnections", "timeToLiveMs", timeToLiveMs, "milliseconds, e.g. 60000");
    }

    public PoolingHttpClientConnectionManager build() {
        Http1Config bounds = Http1Config.custom().setMaxLineLength(maxLineBytes).setMaxHeaderCount(maxHeaders).build();
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder().http1Config(bounds).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setTimeToLive(TimeValue.ofMilliseconds(timeToLiveMs)).build())
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .build();
    }

    private static int atLeastOne(String property, int value, String form) {
        return (int) BoundedAnswers.atLeastOne("aristotelosConnections", property, value, form);
    }
}
