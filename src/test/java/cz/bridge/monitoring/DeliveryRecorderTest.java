package cz.bridge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;

import cz.bridge.TestClock;
import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventKind;
import cz.bridge.mapping.OutboundState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DeliveryRecorderTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final DeliveryRecorder recorder = new DeliveryRecorder(new BridgeMetrics(new SimpleMeterRegistry()),
            new AgentBoard(clock, ZoneOffset.UTC), clock);

    private void delivered(String user, Instant taken) {
        OffsetDateTime time = OffsetDateTime.ofInstant(taken, ZoneOffset.UTC);
        recorder.delivered(new AgentEvent(user + "-1", user, EventKind.LOGIN, null, time, time),
                new OutboundState(user, "Login", 1, "Login", 0, null, time, user + "-1", null), Date.from(taken));
    }

    /**
     * Twenty deliveries run at once: one whose call AristoTelos took just before the right was revoked may record its
     * success after another's 403, and cleared the 403 that readiness shows. Only a delivery taken after it does.
     */
    @Test
    void a403StaysUntilADeliveryTakenAfterItSucceeds() {
        Instant takenBefore = clock.instant();
        clock.advance(Duration.ofMillis(200));
        recorder.parked("anna", "anna-1", new IllegalStateException("AristoTelos answered 403"), 403, false);
        clock.advance(Duration.ofMillis(100));

        delivered("boris", takenBefore);
        assertThat(recorder.lastForbidden()).as("a delivery taken before the 403 says nothing of the right now").isNotNull();

        delivered("cyril", clock.instant());
        assertThat(recorder.lastForbidden()).as("a delivery taken after it: the right is back").isNull();
    }
}
