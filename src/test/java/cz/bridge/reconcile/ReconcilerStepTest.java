package cz.bridge.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import cz.bridge.TestClock;
import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventKind;
import cz.bridge.storage.StorageGuard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.jms.core.BrowserCallback;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The step a failure names, on the Reconciler alone: the check before a repair's store
 * ({@link Reconciler#stillNeeded}) looks the agent's last state up, which is comparing, whatever
 * the pass did before it. (ReconciliationTest has the route's own sequence, where the store's
 * {@link Reconciler#stored} sets COMPARING as well.)
 */
class ReconcilerStepTest {

    private static final ZoneId PRAGUE = ZoneId.of("Europe/Prague");

    /** The lookup of "refused" fails; every other agent has no last state. */
    private final JmsTemplate jms = new JmsTemplate() {
        @Override
        public <T> T browseSelected(String queueName, String messageSelector, BrowserCallback<T> action) {
            if (messageSelector.contains("refused")) {
                throw new org.springframework.jms.IllegalStateException(
                        new jakarta.jms.IllegalStateException("simulated: bridge.last-state cannot be browsed"));
            }
            return null;
        }
    };
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final Reconciler reconciler = new Reconciler(null, new LastStates(jms, jms, null, new StorageGuard(null, Path.of("."), DataSize.ofBytes(0))), null, clock, PRAGUE,
            Duration.ofSeconds(10), Duration.ofSeconds(60), Map.of("Idle", "READY"), new SimpleMeterRegistry());

    private AgentEvent repair(String user, OffsetDateTime readStarted) {
        return new AgentEvent("repair-" + user, user, EventKind.UNREADY, "lunch", readStarted.minusMinutes(1), readStarted,
                AgentEvent.REPAIR);
    }

    /**
     * The check let the first repair through (STORING from there to its store's end); the next agent's
     * lookup fails: that failure is the compare's, not a store the broker refused. (Fails when
     * stillNeeded does not set COMPARING before its lookup.)
     */
    @Test
    void aLookupThatFailsAfterAnEarlierRepairWasLetThroughIsReportedAsComparing() {
        OffsetDateTime readStarted = OffsetDateTime.now(clock).atZoneSameInstant(PRAGUE).toOffsetDateTime();
        List<AgentEvent> pass = List.of(repair("first", readStarted), repair("refused", readStarted));
        assertThat(reconciler.stillNeeded(pass.get(0), readStarted, pass)).isTrue();

        Throwable lookup = catchThrowable(() -> reconciler.stillNeeded(pass.get(1), readStarted, pass));
        assertThat(lookup).hasMessageContaining("simulated: bridge.last-state cannot be browsed");
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, lookup);
        reconciler.passFailed(exchange);

        Reconciler.Failure failure = reconciler.lastFailure();
        assertThat(failure.step()).as(failure.reason()).isEqualTo(Reconciler.Step.COMPARING);
        assertThat(failure.step()).isNotEqualTo(Reconciler.Step.STORING);
        assertThat(failure.reason()).startsWith("the agents' last states in the broker (bridge.last-state) could not be read")
                .doesNotContain("a repair could not be stored");
    }
}
