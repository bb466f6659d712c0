package cz.bridge.monitoring;

import cz.bridge.storage.StorageGuard;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * OUT_OF_SERVICE while callbacks cannot be stored (disk below the minimum free space, embedded
 * broker stopped): readiness fails, so a load balancer sends Daktela to an instance that can.
 */
public class StorageHealth implements HealthIndicator {

    private final StorageGuard guard;

    public StorageHealth(StorageGuard guard) {
        this.guard = guard;
    }

    @Override
    public Health health() {
        String problem = guard.problem();
        return problem == null ? Health.up().build() : Health.outOfService().withDetail("problem", problem).build();
    }
}
