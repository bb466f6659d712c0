package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import cz.bridge.storage.UnwritableFile;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The embedded broker stopped and started again by the bridge. A context of its own, closed afterwards (the tests stop
 * the broker).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "bridge.storage.broker-restart-interval=2s")
@ExtendWith(OutputCaptureExtension.class)
class BrokerRestartTest extends BridgeIntegrationTest {

    @Autowired
    EmbeddedActiveMQ broker;

    /**
     * Two failed journal writes, each after the bridge started the broker again: Artemis stops a server on a critical I/O
     * error once in its life, and the server started again after the first went on after the second, failing every write.
     */
    @Test
    void aSecondFailedJournalWriteStopsTheBrokerAgainAndTheBridgeRecoversAgain() {
        for (int failure = 1; failure <= 2; failure++) {
            ActiveMQServer server = broker.getActiveMQServer();
            server.getIoCriticalErrorListener().onIOException(new java.io.IOException("No space left on device"),
                    "simulated failure " + failure + " of a journal write", null);
            await("stopped after failure " + failure).atMost(Duration.ofSeconds(10)).until(() -> !server.isActive());
            await("running again after failure " + failure).atMost(Duration.ofSeconds(30))
                    .until(() -> broker.getActiveMQServer().isActive());
            String user = agent("after-failure-" + failure);
            // 503 until the bridge's connection to the new server is made, as Daktela's resends meet it
            await("accepted after failure " + failure).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> postJson("{\"event\":\"login\",\"user\":\"" + user + "\"}").statusCode(), status -> status == 202);
            await().atMost(Duration.ofSeconds(30)).until(() -> simulator.receivedFor(user).size() == 1);
        }
    }

    /**
     * A journal file the bridge's user cannot write (written meanwhile by another user: a `sudo ./run.sh` while the broker
     * was stopped) keeps the broker from starting again: the supervisor said only "check that BRIDGE_DATA_DIR is writable",
     * where the start names the file and the chown (DataDirectory); it says the same now.
     */
    @Test
    void aJournalFileTheBridgeCannotWriteIsNamedWhileTheBrokerCannotStartAgain(CapturedOutput output) throws Exception {
        ActiveMQServer server = broker.getActiveMQServer();
        Path file;
        try (var files = Files.list(server.getConfiguration().getJournalLocation().toPath())) {
            file = files.filter(path -> path.toString().endsWith(".amq")).findFirst().orElseThrow();
        }
        Path named = file.toRealPath();
        UnwritableFile.make(file);
        try {
            server.stop();
            await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().lines().anyMatch(line ->
                    line.contains("The embedded broker still cannot start after 1 attempts: cannot write " + named)));
            assertThat(output.getOut().lines().filter(line -> line.contains("still cannot start")).findFirst().orElseThrow())
                    .contains("chown -R ").contains("(its owner: uid ");
        } finally {
            UnwritableFile.undo(file);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> broker.getActiveMQServer().isActive());
        String user = agent("storage-unwritable");
        assertThat(postJson("{\"event\":\"login\",\"user\":\"" + user + "\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.receivedFor(user).size() == 1);
    }
}
