package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The check before each try, against the session Spring's listener exposes to the thread (the running case: StorageFaultTest). */
class ConsumerSessionTest {

    private final ConnectionFactory factory = mock(ConnectionFactory.class);
    private final ConsumerSession check = new ConsumerSession(factory);

    @AfterEach
    void unbind() {
        if (TransactionSynchronizationManager.hasResource(factory)) {
            TransactionSynchronizationManager.unbindResource(factory);
        }
    }

    private ActiveMQSession exposed(boolean rollbackOnly) throws Exception {
        ActiveMQSession session = mock(ActiveMQSession.class);
        ClientSession core = mock(ClientSession.class);
        when(session.getTransacted()).thenReturn(true);
        when(session.getCoreSession()).thenReturn(core);
        when(core.isRollbackOnly()).thenReturn(rollbackOnly);
        TransactionSynchronizationManager.bindResource(factory, new JmsResourceHolder(session));
        return session;
    }

    @Test
    void anOpenSessionOrNoneLetsTheTryGoOn() throws Exception {
        assertThatCode(() -> check.requireOpen("a")).as("outside a delivery").doesNotThrowAnyException();
        exposed(false);
        assertThatCode(() -> check.requireOpen("a")).doesNotThrowAnyException();
    }

    @Test
    void aClosedSessionEndsTheTryNamingTheAgent() throws Exception {
        Session session = exposed(false);
        when(session.getTransacted()).thenThrow(new IllegalStateException("Session is closed"));
        assertThatThrownBy(() -> check.requireOpen("jnovak")).isInstanceOf(SessionLost.class)
                .hasMessageContaining("user jnovak").hasMessageContaining("the broker delivers it again");
    }

    @Test
    void aTransactionThatCanOnlyRollBackAfterAFailoverEndsTheTry() throws Exception {
        exposed(true);
        assertThatThrownBy(() -> check.requireOpen("a")).isInstanceOf(SessionLost.class);
    }
}
