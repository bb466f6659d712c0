package cz.bridge.storage;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artemis stops itself when a journal write fails (a disk that filled up to the last byte, a
 * directory that became read-only) and stays stopped. This starts the embedded broker again,
 * called every BRIDGE_STORAGE_BROKER_RESTART_INTERVAL by routes/storage.camel.yaml, until it can
 * open its journal: the accepted events are in that journal and delivery resumes from it, without
 * anyone restarting the bridge. Camel stops that route before Spring closes the broker, so a
 * broker being closed on purpose is never started again.
 */
public class BrokerSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSupervisor.class);

    private final RenewableEmbeddedBroker broker;
    private final Path dataDir;
    private final Duration interval;
    private boolean down;
    private int attempts;

    /** @param broker the embedded broker, or null when the bridge uses an external one */
    public BrokerSupervisor(RenewableEmbeddedBroker broker, Path dataDir, Duration interval) {
        this.broker = broker;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.interval = interval;
    }

    /** One look: a stopped broker is started again; progress is logged, not every attempt. */
    public synchronized void check() {
        if (broker == null) {
            return; // an external broker (ARTEMIS_URL) looks after itself
        }
        ActiveMQServer server = broker.getActiveMQServer();
        if (server == null || server.getState() != ActiveMQServer.SERVER_STATE.STOPPED) {
            return;
        }
        if (!down) {
            down = true;
            attempts = 0;
            LOG.error("The embedded broker has stopped (a write to its journal under {} failed, or it was stopped); "
                    + "callbacks are answered 503 and it is started again every {} ms until it can", dataDir, interval.toMillis());
        }
        attempts++;
        try {
            broker.renewServer(); // a stopped server is not stopped again by a second failed write: RenewableEmbeddedBroker
            server = broker.getActiveMQServer();
            server.start();
        } catch (Exception e) {
            LOG.debug("Starting the embedded broker failed", e);
        }
        if (server.isActive()) {
            down = false;
            LOG.warn("The embedded broker is running again (attempt {}); callbacks are taken and delivery resumes", attempts);
            return;
        }
        if (server.getState() != ActiveMQServer.SERVER_STATE.STOPPED) {
            try {
                server.stop(); // a half-started broker, so that the next attempt starts from scratch
            } catch (Exception e) {
                LOG.debug("Stopping the half-started broker failed", e);
            }
        }
        if (attempts == 1 || attempts % 12 == 0) {
            LOG.error("The embedded broker still cannot start after {} attempts: {}", attempts, whyNot(server));
        }
    }

    /** The start's check of the broker's files (one written by another user meanwhile, a sudo start's), else what to look at. */
    private String whyNot(ActiveMQServer server) {
        try {
            DataDirectory.requireWritable(dataDir, DataDirectory.brokerDirs(server.getConfiguration()));
        } catch (IllegalStateException unwritable) {
            return unwritable.getMessage();
        }
        return "check that " + dataDir + " is writable and has free space";
    }
}
