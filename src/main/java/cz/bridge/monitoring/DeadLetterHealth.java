package cz.bridge.monitoring;

import cz.bridge.config.SharedNames;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * DEGRADED, not DOWN, while the dead-letter queue bridge.dead holds events: the broker gave up
 * on them after the maximum delivery attempts because they could not even be parked. Callbacks
 * are still taken and other events delivered; the operator looks into those events.
 */
public class DeadLetterHealth implements HealthIndicator {

    private final QueueGauges queues;

    public DeadLetterHealth(QueueGauges queues) {
        this.queues = queues;
    }

    @Override
    public Health health() {
        long dead;
        try {
            dead = queues.depth(SharedNames.DEAD_QUEUE);
        } catch (RuntimeException e) {
            // an external broker without the queue bridge.dead (its dead-letter settings are its operator's)
            return Health.unknown().withDetail("deadLetters", "not known: " + e.getMessage()).build();
        }
        Health.Builder health = Health.up().withDetail("deadLetters", dead);
        if (dead > 0) {
            health.status(AristotelosHealth.DEGRADED).withDetail("problem", dead + (dead == 1 ? " event" : " events")
                    + " in the dead-letter queue " + SharedNames.DEAD_QUEUE + ": delivered the maximum number of times and could not"
                    + " even be parked; the log says why in its lines 'Cannot park event'");
        }
        return health.build();
    }
}
