package cz.bridge.monitoring;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The bridge's own meters, in one place so that their names and tags stay consistent. */
public record BridgeMetrics(MeterRegistry registry) {

    /** At 0 from the start: an alert on their increase saw no series at all before the first event of the kind. */
    public BridgeMetrics {
        unmappedPauses(registry);
        unknownEmployees(registry);
    }

    public void callbackAnswered(int status) {
        Counter.builder("bridge.callbacks").description("Callbacks received, by the status they were answered with")
                .tag("status", Integer.toString(status)).register(registry).increment();
    }

    public void eventAccepted(String kind) {
        Counter.builder("bridge.events.accepted").description("Events accepted from Daktela, by kind")
                .tag("kind", kind.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    public void delivered(String kind, String state, Duration endToEnd, Duration deliveryLatency) {
        Counter.builder("bridge.deliveries").description("Delivery outcomes: delivered, retried, parked")
                .tag("outcome", "delivered").tag("reason", "").register(registry).increment();
        Counter.builder("bridge.events.delivered").description("Events delivered, by Daktela kind and AristoTelos state")
                .tag("kind", kind.toLowerCase(Locale.ROOT)).tag("state", state).register(registry).increment();
        Timer.builder("bridge.end.to.end.delay").description("Event time in Daktela to state delivered to AristoTelos")
                .publishPercentileHistogram().register(registry).record(endToEnd.isNegative() ? Duration.ZERO : endToEnd);
        Timer.builder("bridge.delivery.latency").description("Event taken from the queue to delivered, retries included")
                .publishPercentileHistogram().register(registry).record(deliveryLatency);
    }

    public void retried(String reason) {
        Counter.builder("bridge.deliveries").tag("outcome", "retried").tag("reason", reason).register(registry).increment();
    }

    public void parked(String reason) {
        Counter.builder("bridge.deliveries").tag("outcome", "parked").tag("reason", reason).register(registry).increment();
    }

    // No pause tag here and no employee tag below: each value would be a series of its own until the
    // bridge restarts, and Daktela decides the values (an unmapped pause is by definition not in
    // mappings.yaml, so there is no bounded set to map it to), or they are people's names. Which pause
    // and which employee: the status page and the parked list show them.
    public void unmappedPause() {
        unmappedPauses(registry).increment();
    }

    public void unknownEmployee() {
        unknownEmployees(registry).increment();
    }

    private static Counter unmappedPauses(MeterRegistry registry) {
        return Counter.builder("bridge.unmapped.pauses").description("Unready events whose pause has no row in mappings.yaml")
                .register(registry);
    }

    private static Counter unknownEmployees(MeterRegistry registry) {
        return Counter.builder("bridge.unknown.employees").description("Events for employees AristoTelos does not know (404)")
                .register(registry);
    }
}
