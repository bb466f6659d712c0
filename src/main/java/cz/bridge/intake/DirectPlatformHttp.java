package cz.bridge.intake;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.logging.OneLine;
import cz.bridge.logging.RateLimitedLog;
import cz.bridge.monitoring.BridgeMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * platform-http on Spring Boot, without Spring MVC's way round for the routes' own paths.
 * <p>
 * The starter serves a route through the whole servlet filter chain and the DispatcherServlet,
 * and because its consumer answers with a CompletableFuture, Spring MVC then dispatches the
 * request a second time through the chain (async dispatch) only to finish it. On the callback
 * port that is a large share of the intake's CPU under load (bench/README.md). This engine makes the
 * same consumers, runs each callback on the thread that received it, and also serves a
 * consumer's exact path and methods straight from a filter ahead of that chain, with the
 * starter's own binding (same headers, body and answer). Another method, a path template and the
 * error page go the usual way through Spring MVC, which still knows every route; a POST to a path no
 * route takes is answered here, 404 saying where callbacks go. Every POST has passed
 * {@link CallbackDoor} before (a Tomcat valve), so it carried the secret.
 * <p>
 * Tomcat takes requests before Camel has started the routes, and after Camel has stopped them at
 * shutdown; Spring MVC would answer such a callback 404, which Daktela does not retry. While the
 * application is not ready for traffic a POST that no route serves is answered 503 with Retry-After.
 * <p>
 * Camel offers no switch for this: the MVC handler and its async answer are fixed in the starter.
 */
public class DirectPlatformHttp extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(DirectPlatformHttp.class);

    private final Map<String, DirectConsumer> byPath = new ConcurrentHashMap<>();
    /** Consumers of a path template, which Spring MVC matches: while there is one, a POST no exact path takes is left to it. */
    private final Set<DirectConsumer> templated = ConcurrentHashMap.newKeySet();
    /**
     * Every exact path a consumer has served (from the route files, not from outside): without a consumer now, its
     * route is being reloaded or is stopped, and a callback answered 404 there, which Daktela does not resend, was lost.
     */
    private final Set<String> served = ConcurrentHashMap.newKeySet();
    private final ApplicationAvailability availability;
    private final ObjectMapper json;
    private final BridgeMetrics metrics;
    private final RateLimitedLog misdirectedLog = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    /** A callback that failed outside its route's error handling (no input known to cause one): whoever sends decides how many, so one line per 10 s. */
    private final RateLimitedLog failedLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    public DirectPlatformHttp(ApplicationAvailability availability, ObjectMapper json, BridgeMetrics metrics) {
        this.availability = availability;
        this.json = json;
        this.metrics = metrics;
    }

    /** The engine platform-http looks up by the name platform-http-engine. */
    public SpringBootPlatformHttpEngine engine(int port) {
        return new SpringBootPlatformHttpEngine(port, Runnable::run) {
            @Override
            public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
                return new DirectConsumer(endpoint, processor, DirectPlatformHttp.this);
            }
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        DirectConsumer consumer = byPath.get(request.getServletPath());
        boolean starting = availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC;
        if (consumer == null && "POST".equals(request.getMethod()) && (starting || served.contains(request.getServletPath()))) {
            notTaken(response, starting ? "the bridge is starting or shutting down" : "the callback route is being reloaded or is stopped");
            return;
        }
        if (consumer == null && "POST".equals(request.getMethod()) && templated.isEmpty()) {
            misdirected(request, response);
            return;
        }
        if (consumer == null || !consumer.serves(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        consumer.serve(request, response);
    }

    /** 503 with Retry-After, which Daktela may resend: a resend of an event stored after all is the broker's duplicate. */
    private void notTaken(HttpServletResponse response, String why) throws IOException {
        metrics.callbackAnswered(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", CallbackIntake.RETRY_AFTER_SECONDS);
        CallbackDoor.writeError(response, json, HttpServletResponse.SC_SERVICE_UNAVAILABLE, why + "; nothing was accepted, send the event again");
    }

    /**
     * A POST the door let through carries the callback secret: Daktela (or someone given the secret)
     * posting to a path no route takes, most likely a typing error in Daktela's HTTP action. Spring MVC
     * would answer it 404 in its own words and log nothing, so the operator would not see why no event
     * arrives; the answer and a log line (at most one per minute) say where callbacks go.
     */
    private void misdirected(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String callbackPaths = byPath.keySet().stream().sorted().map(p -> "POST " + p).collect(Collectors.joining(", "));
        // none: the callback route is stopped or its file was taken away
        String where = callbackPaths.isEmpty() ? "no route takes callbacks now" : "callbacks go to " + callbackPaths;
        metrics.callbackAnswered(HttpServletResponse.SC_NOT_FOUND);
        misdirectedLog.warn("A callback with the right secret came from {} to POST {}, where no route takes callbacks: nothing "
                + "was accepted; {}: correct the URL of Daktela's HTTP action", OneLine.of(request.getRemoteAddr(), 100),
                OneLine.of(request.getRequestURI(), 200), where);
        CallbackDoor.writeError(response, json, HttpServletResponse.SC_NOT_FOUND, "no callbacks are taken at this path ("
                + where + "); nothing was accepted");
    }

    private void register(DirectConsumer consumer) {
        String path = consumer.getEndpoint().getPath();
        // a path template or wildcard is left to Spring MVC's matching
        if (path.indexOf('{') < 0 && path.indexOf('*') < 0) {
            byPath.put(path, consumer);
            served.add(path);
        } else {
            templated.add(consumer);
        }
    }

    private void unregister(DirectConsumer consumer) {
        byPath.remove(consumer.getEndpoint().getPath(), consumer);
        templated.remove(consumer);
    }

    static final class DirectConsumer extends SpringBootPlatformHttpConsumer {

        private final DirectPlatformHttp registry;
        /** null: every method */
        private final Set<String> methods;

        DirectConsumer(PlatformHttpEndpoint endpoint, Processor processor, DirectPlatformHttp registry) {
            super(endpoint, processor, Runnable::run);
            this.registry = registry;
            String restrict = endpoint.getHttpMethodRestrict();
            this.methods = restrict == null || restrict.isBlank() ? null
                    : Arrays.stream(restrict.split(",")).map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        }

        boolean serves(String method) {
            return methods == null || methods.contains(method);
        }

        /**
         * As the starter's service(), on this thread and without the async answer. A consumer stopping for a reload of
         * its route file can still be handed a callback taken from the path's map just before it left: not served.
         */
        void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
            // suspended (a route suspended by JMX): the starter's own answer would be a bare 503, without Retry-After
            if (!isRunAllowed() || isSuspendingOrSuspended()) {
                registry.notTaken(response, "the callback route is being reloaded or is stopped");
                return;
            }
            try {
                handleService(request, response);
            } catch (Exception e) {
                failed(response, e);
            }
        }

        /**
         * The starter answers an exception the route's error handling did not take (a route stopping under the callback,
         * an error handler failing) 500, a status Daktela is not told to resend on: 503 with Retry-After instead.
         */
        @Override
        protected void afterProcess(HttpServletResponse response, Exchange exchange) throws Exception {
            if (exchange.getException() == null) {
                super.afterProcess(response, exchange);
                return;
            }
            try {
                failed(response, exchange.getException());
            } finally {
                doneUoW(exchange);
                releaseExchange(exchange, false);
            }
        }

        private void failed(HttpServletResponse response, Exception e) {
            // one escaped line: an exception's message can quote the sender's body (Camel's form binding did), and a
            // stack trace in the log would carry its line breaks; the trace itself at DEBUG
            String answer = "its answer had gone already";
            if (!response.isCommitted()) {
                try {
                    response.reset();
                    registry.notTaken(response, "the callback could not be handled");
                    answer = "answered 503";
                } catch (IOException | IllegalStateException senderGone) {
                    answer = "the sender had gone";
                }
            }
            registry.failedLog.warn("A callback failed outside its route's error handling, {}: {}", answer, OneLine.of(e.toString(), 300));
            LOG.debug("The error's stack trace", e);
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            registry.register(this);
        }

        @Override
        protected void doStop() throws Exception {
            registry.unregister(this);
            super.doStop();
        }
    }
}
