package cz.bridge.monitoring;

import cz.bridge.mapping.MappingsFile;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** DEGRADED while an edit of mappings.yaml is refused: the last good mappings are still in force. */
public class MappingsHealth implements HealthIndicator {

    private final MappingsFile mappings;

    public MappingsHealth(MappingsFile mappings) {
        this.mappings = mappings;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("file", mappings.file().toString())
                .withDetail("externalStates", mappings.current().externalStates().size());
        String problem = mappings.lastProblem();
        if (problem != null) {
            health.status(AristotelosHealth.DEGRADED).withDetail("problem", problem)
                    .withDetail("inForce", "the last good mappings, until the file is fixed");
        }
        return health.build();
    }
}
