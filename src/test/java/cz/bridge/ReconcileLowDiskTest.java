package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import cz.bridge.reconcile.Reconciler;
import cz.bridge.simulator.DaktelaSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * On a disk with less free than BRIDGE_STORAGE_MIN_FREE (here a minimum no disk has), a reconciliation pass with a
 * repair to store fails at once, saying so, as a callback is answered 503: before, its store waited in the broker's
 * block (the broker blocks below half the minimum) with the pass and its timer thread.
 */
// closed afterwards: its passes fail every second, and their WARN lines went into later tests' captured output
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "bridge.storage.min-free=1000TB",
        "daktela.reconcile-interval=1s",
        "daktela.reconcile-grace=0s",
})
class ReconcileLowDiskTest extends BridgeIntegrationTest {

    @Autowired
    DaktelaSimulator daktela;

    @Autowired
    Reconciler reconciler;

    @Test
    void aPassWithARepairFailsAtOnceSayingTheDiskIsFull() {
        String user = agent("recon-low-disk");
        Instant paused = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime local = LocalDateTime.ofInstant(paused, ZoneId.of("Europe/Prague"));
        daktela.session(user, "Paused", "lunch", local, local);
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).until(() -> reconciler.lastFailure() != null);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("within a pass or two, not a blocked store's timeout")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(reconciler.lastFailure().reason()).startsWith("a repair could not be stored: less than ")
                .contains("free on the disk of ").contains("BRIDGE_STORAGE_MIN_FREE");
        assertThat(reconciler.lastFailure().step()).isEqualTo(Reconciler.Step.STORING);
        assertThat(simulator.receivedFor(user)).as("nothing stored, nothing delivered").isEmpty();
        // the callbacks are refused alike
        assertThat(postJson("{\"event\":\"ready\",\"user\":\"" + user + "\",\"time\":" + paused.getEpochSecond() + "}").statusCode())
                .isEqualTo(503);
    }
}
