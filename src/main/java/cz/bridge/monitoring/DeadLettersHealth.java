package cz.bridge.monitoring;

import cz.bridge.config.SharedNames;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * DEGRADED while events lie in the dead-letter queue bridge.dead: delivered the maximum number of times and not even
 * parked. Readiness and the status page say it in the same words.
 */
public record DeadLettersHealth(QueueGauges queues) implements HealthIndicator {

    @Override
    public Health health() {
        Long dead;
        try {
            dead = queues.depth(SharedNames.DEAD_QUEUE);
        } catch (RuntimeException e) {
            // an external broker without the queue bridge.dead (its dead-letter settings are its operator's)
            return Health.unknown().withDetail("deadLetters", "not known: " + e.getMessage()).build();
        }
        if (dead == null) {
            return Health.unknown().withDetail("deadLetters", "not known while the embedded broker is not running").build();
        }
        Health.Builder health = Health.up().withDetail("deadLetters", dead);
        if (dead > 0) {
            health.status(AristotelosHealth.DEGRADED).withDetail("problem", dead + (dead == 1 ? " event" : " events")
                    + " in the dead-letter queue " + SharedNames.DEAD_QUEUE + ": delivered the maximum number of times and could not"
                    + " even be parked; the log says why in its lines 'Cannot park event'; once that is fixed, the queue's"
                    + " retryMessages() (Hawtio, the profile hawtio) delivers them again");
        }
        return health.build();
    }
}
