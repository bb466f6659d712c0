package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import cz.bridge.monitoring.QueueGauges;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;

/**
 * The queue depth as the bridge reads it from an external broker (ARTEMIS_URL), here the test's broker reached as one:
 * it was what a JMS browser saw, which misses the events in consumers' windows (up to hundreds per bridge) and walked
 * every event's body over the network at each scrape, board refresh and readiness probe (a review of the operator's view).
 */
class ExternalBrokerDepthTest extends BridgeIntegrationTest {

    @Test
    void theDepthCountsTheEventsConsumersHoldToo() throws Exception {
        String queueName = "bridge.test-depth-" + agent("q");
        int sent = 30;
        for (int i = 0; i < sent; i++) {
            jms.convertAndSend(queueName, "event " + i);
        }
        QueueGauges external = new QueueGauges(jms, null, camel, Clock.systemUTC(), new SimpleMeterRegistry());
        assertThat(external.depth(queueName)).isEqualTo((long) sent);
        try (Connection connection = jms.getConnectionFactory().createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
            connection.start();
            assertThat(consumer.receive(5_000)).as("one taken, the rest in the consumer's window").isNotNull();
            assertThat(external.depth(queueName)).as("held by a consumer, not yet acknowledged").isEqualTo((long) sent);
            for (int i = 1; i < sent; i++) {
                assertThat(consumer.receive(5_000)).isNotNull();
            }
            session.commit();
        }
        assertThat(external.depth(queueName)).as("taken").isZero();
        assertThat(external.depth("bridge.test-never-used-" + agent("q"))).as("a queue not made yet, which the broker would make")
                .isZero();
    }
}
