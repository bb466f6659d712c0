package cz.bridge.delivery;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import cz.bridge.logging.RateLimitedLog;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Bounds an AristoTelos answer's body (maxBytes, within maxMillis of the head; the rest unread, the connection closed)
 * and its head (maxMillis past responseTimeout, else AnswerTooSlow and the event is tried again): camel-http reads
 * bodies whole into the heap, decompressed, with no option to bound them (docs/security.md, "Answers from outside are
 * bounded too"). Set in aristotelos.camel.yaml.
 */
public class BoundedAnswers implements HttpClientConfigurer {

    /** One line a minute at most for the same kind of answer: a misconfigured ARISTOTELOS_URL answers every delivery so. */
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(BoundedAnswers.class), Duration.ofMinutes(1));

    /** One thread, started at the first request and ended after a minute without one. */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform()
            .name("aristotelos-answer-deadline").daemon().factory());

    private int maxBytes = 64 * 1024;
    private long maxMillis = 10_000;

    public BoundedAnswers() {
        deadlines.setRemoveOnCancelPolicy(true);
        deadlines.setKeepAliveTime(1, TimeUnit.MINUTES);
        deadlines.allowCoreThreadTimeOut(true);
    }

    public void setMaxBytes(int maxBytes) {
        this.maxBytes = (int) atLeastOne("boundedAristotelosAnswers", "maxBytes", maxBytes, "a number of bytes, e.g. 65536");
    }

    public void setMaxMillis(long maxMillis) {
        this.maxMillis = atLeastOne("boundedAristotelosAnswers", "maxMillis", maxMillis, "milliseconds, e.g. 10000");
    }

    /** A bound of a bean in aristotelos.camel.yaml, refused below 1 with the bean's name and the form it takes. */
    static long atLeastOne(String bean, String property, long value, String form) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " of " + bean + " in aristotelos.camel.yaml must be at least 1 ("
                    + form + "), not " + value);
        }
        return value;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // first, so outside the client's own decompression: the bound counts the bytes camel-http would hold
        builder.addExecInterceptorFirst("bounded-answers", (request, scope, chain) -> {
            // the head whole within maxMillis more than the call's responseTimeout: that bounds each read, not the head,
            // which a byte every few seconds would keep coming for days (one thread of this bean's waits to close it)
            Timeout firstByte = scope.clientContext.getRequestConfigOrDefault().getResponseTimeout();
            long headMillis = maxMillis + (firstByte == null ? 0 : Math.max(0, firstByte.toMilliseconds()));
            // settled once: by the deadline (the connection closed) or by the head, whichever comes first
            AtomicBoolean settled = new AtomicBoolean();
            ScheduledFuture<?> deadline = deadlines.schedule(() -> {
                if (settled.compareAndSet(false, true)) {
                    scope.execRuntime.discardEndpoint();
                }
            }, headMillis, TimeUnit.MILLISECONDS);
            ClassicHttpResponse response;
            try {
                response = chain.proceed(request, scope);
            } catch (IOException | HttpException | RuntimeException failed) {
                deadline.cancel(false);
                if (!settled.compareAndSet(false, true)) {
                    AnswerTooSlow late = lateHead(headMillis);
                    late.initCause(failed);
                    throw late;
                }
                throw failed;
            }
            deadline.cancel(false);
            if (!settled.compareAndSet(false, true)) {
                throw lateHead(headMillis);
            }
            String contentType = withoutUnknownCharset(response);
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                response.setEntity(new Bounded(entity, scope.execRuntime, response.getCode(),
                        System.nanoTime() + maxMillis * 1_000_000, contentType));
            }
            return response;
        });
    }

    /**
     * Drops a charset the JRE does not know from Content-Type: camel-http fails on it before the routes see the status
     * (docs/security.md, "Answers from outside are bounded too"). The body is then read in camel-http's default.
     *
     * @return the Content-Type as kept, or null when the answer has none
     */
    static String withoutUnknownCharset(ClassicHttpResponse response) {
        Header header = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
        if (header == null || header.getValue() == null) {
            return null;
        }
        String kept = Arrays.stream(header.getValue().split(";")).filter(parameter -> !unknownCharset(parameter))
                .collect(Collectors.joining(";"));
        if (!kept.equals(header.getValue())) {
            response.setHeader(HttpHeaders.CONTENT_TYPE, kept);
        }
        return kept;
    }

    private static boolean unknownCharset(String parameter) {
        int eq = parameter.indexOf('=');
        if (eq < 0 || !parameter.substring(0, eq).strip().equalsIgnoreCase("charset")) {
            return false;
        }
        String name = parameter.substring(eq + 1).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        try {
            return !Charset.isSupported(name);
        } catch (IllegalArgumentException illegalName) {
            return true;
        }
    }

    private static AnswerTooSlow lateHead(long headMillis) {
        return new AnswerTooSlow("had no whole head within " + headMillis + " ms of the request: its connection is closed");
    }

    /** The answer's body, read up to the bound; beyond it, or after the deadline, it ends and the connection goes. */
    private final class Bounded extends HttpEntityWrapper {

        private final ExecRuntime connection;
        private final int status;
        private final long deadline;
        private final long length;
        private final String contentType;
        private long read;
        private boolean ended;
        private boolean cut;

        Bounded(HttpEntity entity, ExecRuntime connection, int status, long deadline, String contentType) {
            super(entity);
            this.connection = connection;
            this.status = status;
            this.deadline = deadline;
            this.length = entity.getContentLength();
            this.contentType = contentType;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public long getContentLength() {
            return length > maxBytes ? -1 : length;
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public InputStream getContent() throws IOException {
            return new FilterInputStream(super.getContent()) {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int count) throws IOException {
                    if (ended || cut) {
                        return -1;
                    }
                    boolean late = System.nanoTime() - deadline > 0;
                    if (read >= maxBytes || late) {
                        cut();
                        log.warnOnChange((late ? "late " : "long ") + status,
                                "AristoTelos's answer (HTTP {}) {}: the rest is not read, and its connection is closed", status,
                                late ? "did not end within " + maxMillis + " ms" : "was cut after " + read + " bytes");
                        return -1;
                    }
                    int n = super.read(buffer, offset, (int) Math.min(count, maxBytes - read));
                    if (n > 0) {
                        read += n;
                    }
                    // camel-http reads an answer of known length to its length, not to the end of the stream
                    ended = n == -1 || length >= 0 && read >= length;
                    return n;
                }

                @Override
                public long skip(long n) {
                    return 0;
                }

                @Override
                public void close() throws IOException {
                    endOrCut();
                }
            };
        }

        @Override
        public void close() throws IOException {
            endOrCut();
        }

        /** Read whole, the connection is kept for the next delivery; else closing would read the rest, however long. */
        private void endOrCut() throws IOException {
            if (ended) {
                super.close();
            } else {
                cut();
            }
        }

        private void cut() {
            if (!cut) {
                cut = true;
                connection.discardEndpoint();
            }
        }
    }
}
