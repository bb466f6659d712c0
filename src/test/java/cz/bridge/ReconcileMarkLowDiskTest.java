package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import cz.bridge.config.SharedNames;
import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventKind;
import cz.bridge.reconcile.LastStates;
import cz.bridge.reconcile.Reconciler;
import cz.bridge.simulator.DaktelaSimulator;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A pass that must mark an agent missing, on a disk with less free than BRIDGE_STORAGE_MIN_FREE, fails at once naming
 * the disk, as a repair's store does (ReconcileLowDiskTest): the marks went to the broker unchecked, and below half the
 * minimum the broker blocks them until space is freed, the pass and its timer thread with them (a review). Here the
 * minimum is one and a half times the free space, so that the broker, which blocks below half of it, still takes the
 * agent's last state the test stores first; the bridge's own check refuses from the start.
 */
// closed afterwards: its passes fail every second, and their WARN lines went into later tests' captured output
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "daktela.reconcile-interval=1s",
        "daktela.reconcile-grace=0s",
})
class ReconcileMarkLowDiskTest extends BridgeIntegrationTest {

    @DynamicPropertySource
    static void minFreeAboveFree(DynamicPropertyRegistry registry) {
        long free = Path.of("target").toFile().getUsableSpace();
        registry.add("bridge.storage.min-free", () -> free / 2 * 3 + "B");
    }

    @Autowired
    DaktelaSimulator daktela;

    @Autowired
    Reconciler reconciler;

    @Autowired
    LastStates lastStates;

    @Test
    void aPassThatMustMarkAnAgentMissingFailsAtOnceSayingTheDiskIsFull() {
        String user = agent("recon-mark-low-disk");
        OffsetDateTime ready = OffsetDateTime.now(ZoneId.of("Europe/Prague")).minusMinutes(5).truncatedTo(ChronoUnit.SECONDS);
        AgentEvent last = new AgentEvent("ready-" + user, user, EventKind.READY, null, ready, ready, null);
        // as the callback route stores it (LastStates.restore, which the check now refuses too)
        lastStates.jms().send(SharedNames.LAST_STATE_QUEUE, session -> {
            TextMessage message = session.createTextMessage(lastStates.codec().toJson(last));
            message.setStringProperty(LastStates.LVQ_KEY, user);
            return message;
        });
        daktela.healthy();

        await().atMost(Duration.ofSeconds(15)).until(() -> reconciler.lastFailure() != null);
        Reconciler.Failure failure = reconciler.lastFailure();
        assertThat(failure.step()).as(failure.reason()).isEqualTo(Reconciler.Step.COMPARING);
        assertThat(failure.reason()).startsWith("the agents' last states in the broker (bridge.last-state) could not be read or marked: less than ")
                .contains("free on the disk of ").contains("BRIDGE_STORAGE_MIN_FREE");
        assertThat(lastStates.browse().missingSince()).as("no mark written").doesNotContainKey(user);
        assertThat(simulator.receivedFor(user)).as("nothing stored, nothing delivered").isEmpty();
    }
}
