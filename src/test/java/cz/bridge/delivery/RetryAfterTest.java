package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** AristoTelos's Retry-After, in seconds or as an HTTP date, as a pause for the deliveries. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:00Z");
    private final RetryAfter retryAfter = new RetryAfter(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(60));

    private static String httpDate(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    @Test
    void secondsOrADateAreAPauseUpToTheLongestRetryDelay() {
        assertThat(retryAfter.millis("8")).isEqualTo(8_000L);
        assertThat(retryAfter.millis(httpDate(NOW.plusSeconds(20)))).isEqualTo(20_000L);
        assertThat(retryAfter.millis("3600")).isEqualTo(60_000L);
        assertThat(retryAfter.millis("soon")).isNull();
    }

    /**
     * The older date forms HTTP recipients must read (RFC 9110 5.6.7: RFC 850's and asctime's, whose day of the month
     * is padded with a space), and more seconds than a long holds: each was no pause asked, and the back-off's second came
     * instead of the longest pause (reviews, 2026-12-06).
     */
    @Test
    void olderDateFormsAndHugeSecondsArePausesToo() {
        assertThat(retryAfter.millis("Tuesday, 24-Nov-26 10:15:20 GMT")).as("RFC 850").isEqualTo(20_000L);
        assertThat(retryAfter.millis("Tue Nov 24 10:15:30 2026")).as("asctime").isEqualTo(30_000L);
        assertThat(retryAfter.millis("Wed Dec  2 10:15:00 2026")).as("asctime, a day of one digit").isEqualTo(60_000L);
        assertThat(retryAfter.millis("99999999999999999999")).isEqualTo(60_000L);
    }

    /**
     * A pause of 0 (or a date gone by, the two clocks apart) was taken as asked: the state was tried again at once, again
     * and again, and the failures filled the breaker's window. It is no pause asked: the back-off's comes instead.
     */
    @Test
    void noPauseOrAPastDateIsNoPauseAsked() {
        assertThat(retryAfter.millis("0")).isNull();
        assertThat(retryAfter.millis("-5")).isNull();
        assertThat(retryAfter.millis(httpDate(NOW.minusSeconds(30)))).isNull();
        assertThat(retryAfter.stillAsked()).isZero();
    }

    /**
     * A reload of the route file stops the route that took the event and waits (10 s) for it: the wait AristoTelos asked
     * for (up to a minute) went on, the reload's stop was forced and the delivery interrupted (a review, 2026-12-06).
     * Now the wait ends once that route's consumer has stopped.
     */
    @Test
    void theWaitEndsWhenTheRouteThatTookTheEventStops() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:deliver").routeId("deliver").log("delivered");
                }
            });
            camel.start();
            retryAfter.millis(new HttpOperationFailedException("http://aristotelos/api", 503, "Service Unavailable", null,
                    Map.of("Retry-After", "60"), ""));
            Exchange exchange = new DefaultExchange(camel);
            exchange.getExchangeExtension().setFromRouteId("deliver");
            AtomicReference<Thread> waiter = new AtomicReference<>();
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                waiter.set(Thread.currentThread());
                retryAfter.waitAsAsked(exchange);
            });
            // in its wait, not merely not started yet (a fixed sleep, then "not done", was true either way)
            await().atMost(Duration.ofSeconds(10)).until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);
            await("waits while the route runs").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
            camel.getRouteController().stopRoute("deliver");
            assertThat(waiting).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(AristotelosUnavailable.class).withMessageContaining("stops (a reload)");
        }
    }
}
