package cz.bridge.monitoring;

import cz.bridge.reconcile.LastStateQueueCheck;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Whether the broker keeps bridge.last-state as a last-value queue, as the start's check found:
 * DEGRADED with what to configure when it does not (callbacks and deliveries still work).
 */
public class LastStateQueueHealth implements HealthIndicator {

    private final LastStateQueueCheck check;

    public LastStateQueueHealth(LastStateQueueCheck check) {
        this.check = check;
    }

    @Override
    public Health health() {
        Boolean lastValue = check.lastValue();
        if (lastValue == null) {
            return Health.up().withDetail("lastValueQueue", "not checked: " + check.uncheckedBecause()).build();
        }
        if (!lastValue) {
            return Health.status(AristotelosHealth.DEGRADED).withDetail("lastValueQueue", false)
                    .withDetail("problem", LastStateQueueCheck.PROBLEM).build();
        }
        return Health.up().withDetail("lastValueQueue", true).build();
    }
}
