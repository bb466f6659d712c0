package cz.bridge.storage;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * Spring Boot's embedded broker, which BrokerSupervisor can give a new server on the same configuration and journal.
 * Artemis stops a server on a failed journal write once in that server's life (its critical error listener remembers
 * having fired): a server started again after one failure went on after a second, failing every write, and was never
 * stopped to be started again. EmbeddedActiveMQ keeps its server while one exists; its field is protected for this.
 */
public class RenewableEmbeddedBroker extends EmbeddedActiveMQ {

    /** A new, stopped server in place of the stopped one, to be started by the caller. */
    public synchronized void renewServer() throws Exception {
        ActiveMQServer stopped = activeMQServer;
        activeMQServer = null;
        try {
            createActiveMQServer();
        } finally {
            if (activeMQServer == null) {
                activeMQServer = stopped; // kept for the next attempt, and for whoever looks at the broker meanwhile
            }
        }
    }
}
