package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventCodec;
import cz.bridge.intake.EventKind;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * An event stored twice: two broker transactions that store the same id in the same instant (two instances
 * storing the same repair, a resend reaching the other instance) both get past the broker's duplicate
 * detection, which records an id at the commit. The agent's consumer delivers the first and skips the copy.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoredTwiceTest extends BridgeIntegrationTest {

    @Autowired
    private EventCodec codec;

    /** Stored without a duplicate id, as the second of two such transactions leaves its copy in the queue. */
    private void store(String user, AgentEvent event) {
        jms.send("bridge.events", session -> {
            TextMessage message = session.createTextMessage(codec.toJson(event));
            message.setStringProperty("JMSXGroupID", user);
            return message;
        });
    }

    @Test
    void aCopyRightAfterItsFirstIsAcknowledgedAndNotDeliveredAgain(CapturedOutput output) {
        String user = agent("twice");
        OffsetDateTime time = OffsetDateTime.parse("2026-11-24T10:00:00+01:00");
        AgentEvent login = new AgentEvent(user + "-1", user, EventKind.LOGIN, null, time, time);
        AgentEvent ready = new AgentEvent(user + "-2", user, EventKind.READY, null, time.plusMinutes(1), time);
        store(user, login);
        store(user, login);
        store(user, ready);

        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.receivedFor(user).size() >= 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> simulator.receivedFor(user).size() == 2);
        assertThat(simulator.receivedFor(user)).extracting(ReceivedState::eventId).containsExactly(user + "-1", user + "-2");
        await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains(
                "Event " + user + "-1 user=" + user + " was delivered just before (stored twice at the same moment); not delivered again"));
        Boolean left = jms.browseSelected("bridge.events", "JMSXGroupID = '" + user + "'",
                (session, browser) -> browser.getEnumeration().hasMoreElements());
        assertThat(left).as("both copies acknowledged").isFalse();
        assertThat(output.getOut()).doesNotContain("Parked event " + user);
    }
}
