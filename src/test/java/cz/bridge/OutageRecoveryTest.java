package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * After an outage the deliveries go on within seconds of AristoTelos being back, not after pauses that
 * grew while the circuit breaker refused calls. A long longest pause (30 s), as in production (60 s), so
 * that pauses grown by refusals would show: the retries of an outage this long would wait 13–26 s each.
 */
@TestPropertySource(properties = "bridge.delivery.max-retry-delay-ms=30000")
@DirtiesContext // AristoTelos down and the breaker opened: not for the next test class
class OutageRecoveryTest extends BridgeIntegrationTest {

    @Test
    void deliveriesGoOnWithinSecondsOfAristotelosComingBack() {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            agents.add(agent("back" + i));
        }
        simulator.stop();
        long outageStart = System.nanoTime();
        // more agents than deliveries in parallel (20): every consumer retries through the outage
        for (String a : agents) {
            sendAccepted(callbackJson(null, "login", a, null, "1795530000"));
        }
        // 20 s: long enough for the breaker to open and half-open several times (5 s each)
        long outageLeft = 20_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageStart);
        await("nothing arrives while down").during(Duration.ofMillis(outageLeft)).atMost(Duration.ofMillis(outageLeft + 5000))
                .until(() -> agents.stream().allMatch(a -> simulator.receivedFor(a).isEmpty()));
        simulator.start();
        long back = System.nanoTime();
        // the breaker may stay open up to 5 s more, then lets three calls through before it closes
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> agents.stream().allMatch(a -> simulator.receivedFor(a).size() == 1));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
        assertThat(tookMillis).as("all 24 delivered after AristoTelos came back, ms").isLessThan(9_000);
        for (String a : agents) {
            assertThat(parkedFor(a)).isEmpty();
        }
    }
}
