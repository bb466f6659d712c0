package cz.bridge.monitoring;

import java.util.List;

import cz.bridge.mapping.Finding;
import cz.bridge.mapping.MappingsFile;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * DEGRADED while an edit of mappings.yaml is refused: the last good mappings are still in force.
 * {@code problem} says what is wrong in words; {@code findings} are the errors as {@code validate --json} shows them.
 */
public record MappingsHealth(MappingsFile mappings) implements HealthIndicator {

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("file", mappings.file().toString())
                .withDetail("externalStates", mappings.current().externalStates().size());
        List<Finding> refused = mappings.refused();
        if (!refused.isEmpty()) {
            health.status(AristotelosHealth.DEGRADED)
                    .withDetail("problem", "the edit is refused: " + String.join("; ", refused.stream().map(Finding::text).toList()))
                    .withDetail("findings", refused.stream().map(Finding::toJson).toList())
                    .withDetail("inForce", "the last good mappings, until the file is fixed; the bridge does not start with this file, "
                            + "so fix it or put the last good one back before a restart");
        }
        return health.build();
    }
}
