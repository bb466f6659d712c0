package cz.bridge.delivery;

import cz.bridge.intake.AgentEvent;
import cz.bridge.logging.OneLine;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Asked before each try of a delivery: is the broker session the event was taken on still open? A
 * delivery waits up to max-retry-delay-ms between tries while AristoTelos is away. If the broker
 * stops meanwhile (a failed journal write and the restart by storage.camel.yaml, or an external
 * broker's restart), its session closes and the event is back in the queue: another consumer takes
 * the agent's group and delivers the event and the agent's later ones, while this thread, told
 * nothing, would send the old event after them. Java because neither camel-jms nor Spring's listener
 * container offers the check: the session is the one Spring's JmsTransactionManager bound to the
 * delivery's thread for its transaction.
 *
 * @param connectionFactory the one the JMS component and its transaction manager use (the key of the binding)
 */
public record ConsumerSession(ConnectionFactory connectionFactory) {

    /** @param user the stored event's message group (its agent), for the reason only */
    public void requireOpen(String user) {
        if (!(TransactionSynchronizationManager.getResource(connectionFactory) instanceof JmsResourceHolder holder)) {
            return; // not in a delivery's transaction
        }
        try {
            Session session = holder.getSession();
            if (session != null) {
                // a closed session says so (jakarta.jms.IllegalStateException)
                session.getTransacted();
            }
        } catch (JMSException | RuntimeException closed) {
            throw new SessionLost("the broker connection an event of user " + OneLine.of(user, AgentEvent.MAX_USER_LENGTH)
                    + " was taken on has closed (the broker stopped): not sent here; "
                    + "the broker delivers it again, in its agent's order");
        }
    }
}
