package cz.bridge.storage;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.springframework.jms.connection.SingleConnectionFactory;

/**
 * Asks the broker what JMS has no word for (a queue's message count, whether it keeps one message per key) through the
 * Artemis client's queue and address queries; on a connection of its own: the template's sessions are wrapped (caching,
 * Micrometer's observation).
 */
public final class QueueQueries {

    private QueueQueries() {
    }

    /** A question to the Artemis client's session about one queue. */
    @FunctionalInterface
    public interface Question<T> {
        T ask(ClientSession session, SimpleString queue) throws ActiveMQException;
    }

    /** Throws IllegalStateException when the broker cannot be asked. */
    public static <T> T ask(ConnectionFactory factory, String queueName, Question<T> question) {
        if (factory instanceof SingleConnectionFactory single) {
            factory = single.getTargetConnectionFactory();
        }
        SimpleString queue = SimpleString.of(queueName);
        try (Connection connection = factory.createConnection(); Session session = connection.createSession()) {
            if (!(session instanceof ActiveMQSession artemis)) {
                // e.g. a pooling connection factory in front of the broker: say so instead of a ClassCastException
                throw new IllegalStateException("the JMS connection factory (" + factory.getClass().getName()
                        + ") gives no Artemis sessions, so the queue " + queue + " cannot be queried");
            }
            return question.ask(artemis.getCoreSession(), queue);
        } catch (JMSException | ActiveMQException e) {
            throw new IllegalStateException("the broker did not answer a query for the queue " + queue + ": " + e.getMessage(), e);
        }
    }
}
