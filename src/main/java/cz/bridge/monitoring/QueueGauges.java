package cz.bridge.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;

import cz.bridge.config.SharedNames;
import cz.bridge.storage.QueueQueries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.springframework.jms.core.JmsTemplate;

/**
 * Queue depth of waiting, parked and dead events, the number of agents' last states kept, and the age
 * of the oldest waiting event. The depth is the broker's own count (messages being delivered included), asked of an
 * external broker by the Artemis client's queue query. The oldest event is the oldest of the events in delivery (those being retried)
 * and the first one still queued. While the broker cannot be read (the embedded one stopped,
 * an external one unreachable) the gauges are NaN, not 0: the events are still in the journal.
 */
public class QueueGauges {

    private static final int OTHERS_LOOKED_AT = 1_000;

    private final JmsTemplate jms;
    private final EmbeddedActiveMQ embedded;
    private final CamelContext camel;
    private final Clock clock;

    public QueueGauges(JmsTemplate jms, EmbeddedActiveMQ embedded, CamelContext camel, Clock clock, MeterRegistry registry) {
        this.jms = jms;
        this.embedded = embedded;
        this.camel = camel;
        this.clock = clock;
        // one description for the three: Prometheus's output has one HELP line per metric name, and showed one queue's for all
        Map.of("waiting", SharedNames.EVENTS_QUEUE, "parked", SharedNames.PARKED_QUEUE, "dead", SharedNames.DEAD_QUEUE).forEach(
                (label, queue) -> Gauge.builder("bridge.queue.depth", this, g -> orNaN(g.knownDepth(queue))).tag("queue", label)
                        .description("Events in a queue: waiting (stored, not yet delivered or parked), parked, or dead "
                                + "(delivered too often without being delivered or parked)").register(registry));
        // agents, not events: a name of its own
        Gauge.builder("bridge.last.states", this, g -> orNaN(g.knownDepth(SharedNames.LAST_STATE_QUEUE)))
                .description("Agents' last states and reconciliation marks kept in bridge.last-state (a logged-out agent's "
                        + "expires after BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER)").register(registry);
        Gauge.builder("bridge.queue.oldest.age", this, g -> orNaN(g.knownOldestWaitingSeconds())).baseUnit("seconds")
                .description("Age of the oldest event waiting for delivery").register(registry);
    }

    /** The events in the queue; null while the embedded broker is not running. */
    public Long depth(String queueName) {
        if (embedded != null) {
            if (embeddedStopped()) {
                return null;
            }
            Queue queue = embedded.getActiveMQServer().locateQueue(SimpleString.of(queueName));
            return queue == null ? 0L : queue.getMessageCount();
        }
        // the external broker's own count, as the embedded one's: a browser walked every event's body over the network at
        // each scrape and missed those in the consumers' windows and in every bridge's deliveries (a review)
        return QueueQueries.ask(jms.getConnectionFactory(), queueName, (core, queue) -> {
            ClientSession.QueueQuery query = core.queueQuery(queue);
            if (!query.isExists() && !query.isAutoCreateQueues()) {
                // one its operator did not make (bridge.dead: the dead-letter settings are theirs)
                throw new IllegalStateException("the broker has no queue " + queue);
            }
            return query.isExists() ? query.getMessageCount() : 0L;
        });
    }

    /**
     * When the first event of another agent than the given one still waiting in bridge.events was stored, among its
     * first {@value #OTHERS_LOOKED_AT} waiting events (a stalled queue's head is the stalled agent's next event, the others
     * behind it); null when none waits or the broker cannot be read. The time is the storing bridge's clock's
     * (JMSTimestamp): with several bridges on one broker, their clocks should agree.
     */
    public Instant firstOfOtherAgentsWaiting(String user) {
        try {
            return jms.browse(SharedNames.EVENTS_QUEUE, (session, browser) -> {
                Enumeration<?> waiting = browser.getEnumeration();
                long first = Long.MAX_VALUE;
                for (int n = 0; n < OTHERS_LOOKED_AT && waiting.hasMoreElements(); n++) {
                    Message event = (Message) waiting.nextElement();
                    if (!Objects.equals(user, event.getStringProperty(SharedNames.AGENT_HEADER))) {
                        first = Math.min(first, event.getJMSTimestamp());
                    }
                }
                return first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first);
            });
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** As {@link #depth}, and null when an external broker cannot be read either. */
    public Long knownDepth(String queueName) {
        try {
            return depth(queueName);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** As {@link #oldestWaitingSeconds}, null when the broker cannot be read. */
    public Double knownOldestWaitingSeconds() {
        try {
            return embedded != null && embeddedStopped() ? null : oldestWaitingSeconds();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean embeddedStopped() {
        ActiveMQServer server = embedded.getActiveMQServer();
        return server == null || !server.isActive();
    }

    private static double orNaN(Number value) {
        return value == null ? Double.NaN : value.doubleValue();
    }

    /** Seconds since the oldest waiting event was stored, 0 when none waits. */
    private double oldestWaitingSeconds() {
        long oldest = camel.getInflightRepository().browse(SharedNames.DELIVERY_ROUTE).stream()
                .map(inflight -> inflight.getExchange().getMessage().getHeader("JMSTimestamp", Long.class))
                .filter(stored -> stored != null && stored > 0).mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        Long firstQueued = jms.browse(SharedNames.EVENTS_QUEUE, (session, browser) -> {
            Enumeration<?> e = browser.getEnumeration();
            return e.hasMoreElements() ? ((Message) e.nextElement()).getJMSTimestamp() : null;
        });
        if (firstQueued != null) {
            oldest = Math.min(oldest, firstQueued);
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, (clock.millis() - oldest) / 1000.0);
    }
}
