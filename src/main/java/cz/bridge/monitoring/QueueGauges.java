package cz.bridge.monitoring;

import java.time.Clock;
import java.util.Enumeration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Message;
import org.springframework.jms.core.JmsTemplate;

/**
 * Queue depth of waiting and parked events, and the age of the oldest waiting event, read
 * from the broker through JMS browsing so that they work with the embedded broker and an
 * external one alike.
 */
public class QueueGauges {

    public static final String EVENTS = "bridge.events";
    public static final String PARKED = "bridge.parked";
    private static final int COUNT_LIMIT = 1_000_000;

    private final JmsTemplate jms;
    private final Clock clock;

    public QueueGauges(JmsTemplate jms, Clock clock, MeterRegistry registry) {
        this.jms = jms;
        this.clock = clock;
        Gauge.builder("bridge.queue.depth", this, g -> g.depth(EVENTS)).tag("queue", "waiting")
                .description("Events stored and not yet delivered or parked").register(registry);
        Gauge.builder("bridge.queue.depth", this, g -> g.depth(PARKED)).tag("queue", "parked")
                .description("Parked events").register(registry);
        Gauge.builder("bridge.queue.oldest.age", this, QueueGauges::oldestWaitingSeconds).baseUnit("seconds")
                .description("Age of the oldest event waiting for delivery").register(registry);
    }

    public long depth(String queue) {
        Long count = jms.browse(queue, (session, browser) -> {
            long n = 0;
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements() && n < COUNT_LIMIT; e.nextElement()) {
                n++;
            }
            return n;
        });
        return count == null ? 0 : count;
    }

    /** Seconds since the oldest waiting event was stored, 0 when none waits. */
    public double oldestWaitingSeconds() {
        Long stored = jms.browse(EVENTS, (session, browser) -> {
            Enumeration<?> e = browser.getEnumeration();
            return e.hasMoreElements() ? ((Message) e.nextElement()).getJMSTimestamp() : null;
        });
        return stored == null ? 0 : Math.max(0, (clock.millis() - stored) / 1000.0);
    }
}
