package cz.bridge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.TestClock;
import cz.bridge.config.BridgeProperties;
import cz.bridge.delivery.AccessTokenProvider;
import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventKind;
import cz.bridge.mapping.OutboundState;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** Readiness's part for AristoTelos, without Spring. */
class AristotelosHealthTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final DeliveryRecorder recorder = new DeliveryRecorder(new BridgeMetrics(new SimpleMeterRegistry()),
            new AgentBoard(clock, ZoneOffset.UTC), clock);
    private final AristotelosHealth health = new AristotelosHealth(CircuitBreakerRegistry.ofDefaults(), new AccessTokenProvider(
            new BridgeProperties.Aristotelos("http://127.0.0.1:9", "", "bridge", "secret", false, Duration.ofSeconds(30),
                    Duration.ofSeconds(5), Duration.ofSeconds(30)), HttpClient.newHttpClient(), new ObjectMapper(), clock),
            recorder, clock);

    /**
     * AristoTelos answers 401 even to a new token: the client has a token but no right to the endpoint. Every delivery
     * waited, retried, and readiness said UP with nothing about it.
     */
    @Test
    void a401ToANewTokenIsANamedProblemUntilAStateIsTaken() {
        // a 401 reaches the error handler only after post-state sent the request again with a new token
        recorder.retrying("anna", new HttpOperationFailedException("http://a/api/UpdateAgentStatus", 401, "Unauthorized", null,
                Map.of(), ""), 1, Duration.ofSeconds(1));
        assertThat(health.health().getStatus()).isEqualTo(AristotelosHealth.DEGRADED);
        assertThat((String) health.health().getDetails().get("problem")).startsWith("AristoTelos refuses the bridge's token for "
                + "the state endpoint (HTTP 401 with a new token): check that the client application has the right API_UpdateAgentStatus "
                + "(API_UpdateAgentStates in Daktela's documentation) on unit Global");

        clock.advance(Duration.ofSeconds(5));
        OffsetDateTime time = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        recorder.delivered(new AgentEvent("anna-1", "anna", EventKind.LOGIN, null, time, time),
                new OutboundState("anna", "Login", 1, "Login", 0, null, time, "anna-1", null), Date.from(clock.instant()));
        assertThat(health.health().getStatus().getCode()).as("AristoTelos took a state since").isEqualTo("UP");
    }
}
