package cz.bridge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import cz.bridge.TestClock;
import cz.bridge.config.BridgeProperties;
import cz.bridge.reconcile.Reconciler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The {@code daktela} readiness indicator on a clock the test moves: a pass that never ends (a
 * hung read, a stuck store) fails no pass, so only the time since the last pass ended (good or failed) can tell.
 */
class DaktelaHealthTest {

    private static final Duration INTERVAL = Duration.ofSeconds(60);

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final Reconciler reconciler = new Reconciler(null, null, null, clock, ZoneId.of("Europe/Prague"),
            Duration.ofSeconds(10), Duration.ofSeconds(60), Map.of("Idle", "READY"), new SimpleMeterRegistry());
    private final HealthIndicator health = new MonitoringConfiguration().daktelaHealthIndicator(reconciler, properties());

    private static BridgeProperties properties() {
        return properties(true);
    }

    private static BridgeProperties properties(boolean active) {
        return new Binder(new MapConfigurationPropertySource(Map.of(
                "bridge.demo", "true",
                "bridge.daktela.reconcile-interval", INTERVAL.toSeconds() + "s",
                "bridge.daktela.reconcile-active", Boolean.toString(active))))
                .bindOrCreate("bridge", BridgeProperties.class);
    }

    /** With reconciliation off no pass ever ends: that is no hang. */
    @Test
    void withReconciliationOffNoPassIsNoProblem() {
        HealthIndicator off = new MonitoringConfiguration().daktelaHealthIndicator(reconciler, properties(false));
        clock.advance(Duration.ofHours(1));
        Health health = off.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("reconciliation", "off");
    }

    @Test
    void aPassThatNeverEndsMakesItDegradedAfterThreeIntervalsAndARead() {
        reconciler.passDone();
        // a pass every minute, each a little late: still fine, up to three intervals and a page's deadline (210 s)
        clock.advance(INTERVAL.multipliedBy(3).plusSeconds(30));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        // the next pass hangs: no failure is ever counted, only the last good pass ages
        clock.advance(Duration.ofSeconds(1));
        Health stuck = health.health();
        assertThat(stuck.getStatus()).isEqualTo(AristotelosHealth.DEGRADED);
        assertThat(stuck.getDetails()).containsEntry("lastGoodPassAgeSeconds", 211L).containsEntry("failedReadsInARow", 0);
        assertThat((String) stuck.getDetails().get("problem")).contains("Reconciliation: no pass has ended for 211 s")
                .contains("a pass every 60 s").contains("thread dump").contains("restart the bridge");

        reconciler.passDone();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    /**
     * A pass that ended failing ended: measured from the last good pass, a slow read that failed once, with the good pass
     * three intervals back, was called a hang, "restart the bridge" (a review, 2026-12-06). Failures count apart.
     */
    @Test
    void aPassThatEndedFailingIsNoHang() {
        reconciler.passDone();
        clock.advance(Duration.ofSeconds(150));
        Exchange failed = new DefaultExchange(new DefaultCamelContext());
        failed.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("Daktela did not answer within 30 s"));
        reconciler.passFailed(failed);
        clock.advance(Duration.ofSeconds(61));
        Health health = this.health.health();
        assertThat(health.getStatus()).as("%s", health.getDetails()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("lastGoodPassAgeSeconds", 211L).containsEntry("failedReadsInARow", 1);
        clock.advance(INTERVAL.multipliedBy(3).plusSeconds(30));
        assertThat((String) this.health.health().getDetails().get("problem")).as("no pass since that one")
                .contains("Reconciliation: no pass has ended for 271 s");
    }

    @Test
    void aFirstPassThatNeverEndsMakesItDegradedToo() {
        clock.advance(Duration.ofSeconds(200));
        Health waiting = health.health();
        assertThat(waiting.getStatus()).isEqualTo(Status.UP);
        assertThat(waiting.getDetails()).as("no age of -1 for a pass that never was")
                .containsEntry("lastGoodPass", "none since the bridge started").doesNotContainKey("lastGoodPassAgeSeconds");
        clock.advance(Duration.ofSeconds(20));
        Health stuck = health.health();
        assertThat(stuck.getStatus()).isEqualTo(AristotelosHealth.DEGRADED);
        assertThat((String) stuck.getDetails().get("problem")).contains("Reconciliation: no pass has ended since the bridge started 220 s ago");
    }
}
