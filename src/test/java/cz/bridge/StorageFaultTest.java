package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The broker cannot store (here: it is stopped under the running bridge): callbacks are
 * answered 503 and nothing is taken; once the broker is back, the same callback is accepted
 * and delivered, without restarting the bridge. A context of its own, closed afterwards.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "bridge.delivery.concurrency=2") // a context of its own
class StorageFaultTest extends BridgeIntegrationTest {

    @Autowired
    EmbeddedActiveMQ broker;

    @Test
    void cannotStoreIs503AndTheBridgeRecoversWhenStorageIsBack() throws Exception {
        String user = agent("storage");
        String event = "{\"id\":\"" + user + "-1\",\"event\":\"login\",\"user\":\"" + user + "\",\"time\":\"2026-11-24 08:00:00\"}";
        broker.getActiveMQServer().stop();
        try {
            var refused = postJson(event);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("could not be stored");
        } finally {
            broker.getActiveMQServer().start();
        }
        // the id was not kept: Daktela's resend is a new event, accepted once storage works again
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> postJson(event).statusCode() != 503);
        assertThat(postJson(event).statusCode()).as("after recovery the event was taken exactly once").isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> simulator.receivedFor(user).size() == 1);
    }
}
