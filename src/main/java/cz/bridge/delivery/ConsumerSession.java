package cz.bridge.delivery;

import cz.bridge.intake.AgentEvent;
import cz.bridge.logging.OneLine;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.jms.connection.SessionProxy;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Asked before each try of a delivery: can the broker session the event was taken on still
 * acknowledge it? A delivery waits up to max-retry-delay-ms between tries while AristoTelos is away.
 * If the broker stops meanwhile (a failed journal write and the restart by storage.camel.yaml, or an
 * external broker's restart), the session closes; after a client failover its transaction can only
 * roll back. Either way the event goes back to the queue, another consumer takes the agent's group and
 * delivers the event and the agent's later ones, while this thread, told nothing, would send the old
 * event after them. Java because neither camel-jms nor Spring's listener container offers the check.
 * The session is the listener's own, which Spring's listener container exposes to the delivery's
 * thread (delivery.camel.yaml: no transaction manager).
 *
 * @param connectionFactory the one the JMS component uses (the key under which the session is exposed)
 */
public record ConsumerSession(ConnectionFactory connectionFactory) {

    /** @param user the stored event's message group (its agent), for the reason only */
    public void requireOpen(String user) {
        if (!(TransactionSynchronizationManager.getResource(connectionFactory) instanceof JmsResourceHolder holder)) {
            return; // not in a delivery
        }
        Session session = holder.getSession();
        if (session == null) {
            return;
        }
        try {
            session.getTransacted(); // a closed session throws (jakarta.jms.IllegalStateException)
            Session target = session instanceof SessionProxy proxy ? proxy.getTargetSession() : session;
            if (!(target instanceof ActiveMQSession artemis && artemis.getCoreSession().isRollbackOnly())) {
                return;
            }
        } catch (JMSException | RuntimeException closed) {
            // as below
        }
        throw new SessionLost("the broker connection an event of user " + OneLine.of(user, AgentEvent.MAX_USER_LENGTH)
                + " was taken on has closed or failed over (the broker stopped): not sent here; "
                + "the broker delivers it again, in its agent's order");
    }
}
