package cz.bridge.monitoring;

import java.time.Clock;
import java.util.Enumeration;

import cz.bridge.config.SharedNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.springframework.jms.core.JmsTemplate;

/**
 * Queue depth of waiting and parked events, and the age of the oldest waiting event. With
 * the embedded broker the depth is the broker's own count (messages being delivered
 * included); with an external broker it is what a JMS browser sees plus the events in
 * delivery. The oldest event is the oldest of the events in delivery (those being retried)
 * and the first one still queued.
 */
public class QueueGauges {

    private static final int COUNT_LIMIT = 1_000_000;

    private final JmsTemplate jms;
    private final EmbeddedActiveMQ embedded;
    private final CamelContext camel;
    private final Clock clock;

    public QueueGauges(JmsTemplate jms, EmbeddedActiveMQ embedded, CamelContext camel, Clock clock, MeterRegistry registry) {
        this.jms = jms;
        this.embedded = embedded;
        this.camel = camel;
        this.clock = clock;
        Gauge.builder("bridge.queue.depth", this, g -> g.depth(SharedNames.EVENTS_QUEUE)).tag("queue", "waiting")
                .description("Events stored and not yet delivered or parked").register(registry);
        Gauge.builder("bridge.queue.depth", this, g -> g.depth(SharedNames.PARKED_QUEUE)).tag("queue", "parked")
                .description("Parked events").register(registry);
        Gauge.builder("bridge.queue.depth", this, g -> g.depth(SharedNames.DEAD_QUEUE)).tag("queue", "dead")
                .description("Events in the dead-letter queue: delivered too often without being delivered or parked").register(registry);
        Gauge.builder("bridge.queue.oldest.age", this, QueueGauges::oldestWaitingSeconds).baseUnit("seconds")
                .description("Age of the oldest event waiting for delivery").register(registry);
    }

    public long depth(String queueName) {
        if (embedded != null && embedded.getActiveMQServer() != null) {
            Queue queue = embedded.getActiveMQServer().locateQueue(SimpleString.of(queueName));
            return queue == null ? 0 : queue.getMessageCount();
        }
        Long browsed = jms.browse(queueName, (session, browser) -> {
            long n = 0;
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements() && n < COUNT_LIMIT; e.nextElement()) {
                n++;
            }
            return n;
        });
        long inDelivery = SharedNames.EVENTS_QUEUE.equals(queueName) ? camel.getInflightRepository().size(SharedNames.DELIVERY_ROUTE) : 0;
        return (browsed == null ? 0 : browsed) + inDelivery;
    }

    /** Seconds since the oldest waiting event was stored, 0 when none waits. */
    public double oldestWaitingSeconds() {
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
