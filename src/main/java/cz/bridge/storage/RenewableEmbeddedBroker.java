package cz.bridge.storage;

import java.time.Duration;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * Spring Boot's embedded broker, which BrokerSupervisor can give a new server on the same configuration and journal.
 * Artemis stops a server on a failed journal write once in that server's life (its critical error listener remembers
 * having fired): a server started again after one failure went on after a second, failing every write, and was never
 * stopped to be started again. EmbeddedActiveMQ keeps its server while one exists; its field is protected for this.
 */
public class RenewableEmbeddedBroker extends EmbeddedActiveMQ {

    /**
     * The stopped server while its successor is made: createActiveMQServer makes one only where the field is null,
     * and the health checks and gauges that ask meanwhile would see no broker at all (a caught NullPointerException).
     */
    private volatile ActiveMQServer replaced;

    /** How long the last start took: a broker that did not start within the lock wait was most often locked out. */
    private volatile Duration lastStart = Duration.ZERO;

    @Override
    public EmbeddedActiveMQ start() throws Exception {
        long began = System.nanoTime();
        try {
            return super.start();
        } finally {
            lastStart = Duration.ofNanos(System.nanoTime() - began);
        }
    }

    public Duration lastStart() {
        return lastStart;
    }

    /** A new, stopped server in place of the stopped one, to be started by the caller. */
    public synchronized void renewServer() throws Exception {
        ActiveMQServer stopped = activeMQServer;
        replaced = stopped;
        activeMQServer = null;
        try {
            createActiveMQServer();
        } finally {
            if (activeMQServer == null) {
                activeMQServer = stopped; // kept for the next attempt
            }
            replaced = null;
        }
    }

    @Override
    public ActiveMQServer getActiveMQServer() {
        ActiveMQServer current = activeMQServer;
        return current != null ? current : replaced;
    }
}
