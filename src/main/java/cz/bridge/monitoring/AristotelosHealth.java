package cz.bridge.monitoring;

import java.time.Clock;
import java.time.Duration;

import cz.bridge.delivery.AccessTokenProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * AristoTelos as the bridge sees it: the circuit breaker, the last token request, and a
 * recent 403 or 401 to a new token. Any of these makes the bridge DEGRADED, not DOWN: callbacks are still taken
 * and kept, they only wait for AristoTelos.
 *
 * @param breakers where Camel keeps the route files' circuit breakers: one, around the call to AristoTelos
 */
public record AristotelosHealth(CircuitBreakerRegistry breakers, AccessTokenProvider tokens, DeliveryRecorder recorder,
                                Clock clock) implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED");
    private static final Duration FORBIDDEN_SHOWN_FOR = Duration.ofHours(1);

    /** The breaker's state, found in the registry, not by the id a route file gives it. */
    public String breakerState() {
        return breakers.getAllCircuitBreakers().stream().findFirst().map(b -> b.getState().name()).orElse("UNKNOWN");
    }

    @Override
    public Health health() {
        String breaker = breakerState();
        Health.Builder health = Health.up().withDetail("circuitBreaker", breaker);
        if (tokens.lastSuccess() != null) {
            health.withDetail("lastTokenFetch", tokens.lastSuccess().toString());
        }
        StringBuilder problems = new StringBuilder();
        if ("OPEN".equals(breaker) || "FORCED_OPEN".equals(breaker)) {
            problems.append("circuit breaker is open: AristoTelos failed too many deliveries; events wait in the queue. ");
        }
        if (tokens.lastFailure() != null) {
            problems.append(tokens.lastFailure()).append(". ");
        }
        DeliveryRecorder.Refusal forbidden = recorder.lastForbidden();
        if (forbidden != null && forbidden.at().toInstant().isAfter(clock.instant().minus(FORBIDDEN_SHOWN_FOR))) {
            problems.append("AristoTelos answered 403 at ").append(forbidden.at()).append(": ").append(forbidden.meaning()).append(". ");
        }
        DeliveryRecorder.Refusal tokenRefused = recorder.lastTokenRefused();
        if (tokenRefused != null && tokenRefused.at().toInstant().isAfter(clock.instant().minus(FORBIDDEN_SHOWN_FOR))) {
            problems.append(tokenRefused.meaning()).append(" (last at ").append(tokenRefused.at()).append("). ");
        }
        if (!problems.isEmpty()) {
            health.status(DEGRADED).withDetail("problem", problems.toString().trim());
        }
        return health.build();
    }
}
