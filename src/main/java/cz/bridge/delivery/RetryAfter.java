package cz.bridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.apache.hc.client5.http.utils.DateUtils;

/**
 * The pause AristoTelos asks for with Retry-After (seconds or an HTTP date), capped at the longest
 * retry delay, and until when it asked it of every delivery. Java because Camel's redelivery has no
 * notion of it: it takes a pause for one retry only from the header CamelRedeliveryDelay, set by a
 * Processor before it waits (deliveryFailed).
 */
public final class RetryAfter {

    private final Clock clock;
    private final Duration maxRetryDelay;
    /** The end of the latest pause AristoTelos asked for, whichever delivery it answered. */
    private final AtomicReference<Instant> askedUntil = new AtomicReference<>(Instant.EPOCH);

    public RetryAfter(Clock clock, Duration maxRetryDelay) {
        this.clock = clock;
        this.maxRetryDelay = maxRetryDelay;
    }

    /**
     * The pause asked for by the answer the failure carries (the breaker wraps it), or null; remembered for
     * {@link #stillAsked()}, which every later failed delivery asks.
     */
    public Long millis(Throwable failure) {
        HttpOperationFailedException answer = ExceptionUtils.throwableOfType(failure, HttpOperationFailedException.class);
        if (answer == null || answer.getResponseHeaders() == null) {
            return null;
        }
        Long pause = answer.getResponseHeaders().entrySet().stream().filter(header -> "Retry-After".equalsIgnoreCase(header.getKey()))
                .findFirst().map(header -> millis(header.getValue())).orElse(null);
        if (pause != null) {
            Instant end = clock.instant().plusMillis(pause);
            askedUntil.accumulateAndGet(end, (a, b) -> a.isAfter(b) ? a : b);
        }
        return pause;
    }

    /**
     * How much of the latest pause AristoTelos asked for is left (0 when none): a Retry-After answers the client,
     * not the one request, so no delivery calls it before its end (the breaker's trial calls among them).
     */
    public long stillAsked() {
        Instant now = clock.instant();
        Instant until = askedUntil.get();
        return until.isAfter(now) ? Duration.between(now, until).toMillis() : 0;
    }

    /**
     * Waits out the pause AristoTelos asked for ({@link #stillAsked()}), in short steps, and ends it when the bridge stops
     * or the route that took the event does (a reload of its file):
     * Camel's delay slept the whole pause (up to bridge.delivery.max-retry-delay-ms, 60 s) while a SIGTERM waited for it,
     * past Docker's 10 s, and the stop's forced end interrupted the sleep, an exception the delivery's catch-all parks.
     * Ended, the delivery fails as AristoTelos unavailable, which a stop does not retry: rolled back, the event stays
     * stored (delivery.camel.yaml), said in the stop's one line.
     */
    public void waitAsAsked(Exchange exchange) {
        CamelContext camel = exchange.getContext();
        for (long left = stillAsked(); left > 0; left = stillAsked()) {
            if (camel.isStopping()) {
                throw new AristotelosUnavailable("the bridge stops while AristoTelos asked to wait (Retry-After) " + left + " ms more");
            }
            if (consumerStopped(exchange)) {
                // a reload of the route file stops the route that took the event, then waits (10 s) for it: the wait
                // ends, and the event, rolled back, is tried by the reloaded route
                throw new AristotelosUnavailable("the route that took the event stops (a reload) while AristoTelos asked to wait "
                        + "(Retry-After) " + left + " ms more");
            }
            try {
                Thread.sleep(Math.min(left, STOP_CHECK_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AristotelosUnavailable("interrupted while AristoTelos asked to wait (Retry-After)", e);
            }
        }
    }

    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US)
            .withZone(ZoneOffset.UTC);

    private static Instant asctime(String value) {
        try {
            return ASCTIME.parse(value, Instant::from);
        } catch (DateTimeParseException notAsctime) {
            return null;
        }
    }

    /**
     * Whether the consumer of the route that took the event (the delivery's, from the queue) or of the route the wait is
     * in (aristotelos.camel.yaml's) is no longer started: a reload of either file.
     */
    private static boolean consumerStopped(Exchange exchange) {
        String routeId = exchange.getFromRouteId();
        Route current = exchange.getUnitOfWork() == null ? null : exchange.getUnitOfWork().getRoute();
        return routeId != null && stopped(exchange.getContext().getRoute(routeId)) || current != null && stopped(current);
    }

    private static boolean stopped(Route route) {
        return route == null || route.getConsumer() instanceof StatefulService consumer && !consumer.isStarted();
    }

    /** How often {@link #waitAsAsked} looks whether the bridge stops. */
    private static final long STOP_CHECK_MILLIS = 100;

    Long millis(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        long millis;
        try {
            millis = Math.min(Long.parseLong(value), Long.MAX_VALUE / 1000) * 1000;
        } catch (NumberFormatException notSeconds) {
            if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                // more seconds than a long holds: the longest pause, not none (the back-off's second)
                millis = Long.MAX_VALUE;
            } else {
                // the date forms HTTP allows (RFC 9110 5.6.7): IMF-fixdate and RFC 850's by the HTTP client's own reader;
                // asctime's by ours, as the client's pattern has no zone and no padded day ("Nov  6") and reads none
                Instant at = DateUtils.parseStandardDate(value);
                if (at == null) {
                    at = asctime(value);
                }
                if (at == null) {
                    return null;
                }
                millis = Duration.between(clock.instant(), at).toMillis();
            }
        }
        // 0, less, or a date gone by (two clocks apart): no pause asked, so the back-off's, not a retry at once and again
        return millis <= 0 ? null : Math.min(millis, maxRetryDelay.toMillis());
    }
}
