package cz.bridge.monitoring;

import cz.bridge.reconcile.Reconciler;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Daktela's API as reconciliation reads it: DEGRADED with the reason after a few failed passes
 * in a row (a failed read, or repairs the store refused), never DOWN (callbacks are still taken
 * and delivered).
 */
public class DaktelaHealth implements HealthIndicator {

    private final Reconciler reconciler;
    private final boolean active;

    public DaktelaHealth(Reconciler reconciler, boolean active) {
        this.reconciler = reconciler;
        this.active = active;
    }

    @Override
    public Health health() {
        if (!active) {
            return Health.up().withDetail("reconciliation", "off").build();
        }
        int failures = reconciler.failuresInARow();
        Health.Builder health = Health.up()
                .withDetail("lastGoodPassAgeSeconds", reconciler.lastGoodPassAge().toSeconds())
                .withDetail("failedReadsInARow", failures);
        if (failures >= Reconciler.FAILURES_BEFORE_DEGRADED) {
            String last = reconciler.lastFailure();
            health.status(AristotelosHealth.DEGRADED).withDetail("problem", last != null && last.startsWith(Reconciler.STORE_REFUSED)
                    ? "Reconciliation: " + failures + " passes in a row failed, the last one storing its repairs, "
                            + "which are not stored meanwhile (the next good pass makes them again): " + last
                    : "Daktela's API: reading live sessions failed " + failures + " times in a row, reconciliation repairs "
                            + "nothing meanwhile (callbacks still work): " + last);
        }
        return health.build();
    }
}
