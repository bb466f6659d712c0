package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A state AristoTelos answers 5xx alone that holds every agent (the broker hands out nothing more) is parked once the
 * others have waited bridge.delivery.give-up-when-others-wait, long before give-up-after. A context of its own: here
 * give-up-after is long (30 s), so that a slow machine cannot make the one pass for the other.
 */
@TestPropertySource(properties = {"bridge.delivery.give-up-after=30s", "bridge.delivery.give-up-when-others-wait=2s"})
class LoneRefusalHoldingTest extends BridgeIntegrationTest {

    /**
     * The broker hands an agent's events only to the delivery thread that holds the agent, and once the thread
     * retrying the lone state has its buffer (16 KB) full of its agents' later events, it hands out nothing more, to
     * any thread: AristoTelos takes nothing, as in an outage, but the other agents' events wait behind this one. The
     * count goes on and the state is parked once they have waited give-up-when-others-wait (2 s), not after
     * give-up-after (30 s; 10 min by default, in which no agent's state went out), and then every other state is delivered.
     */
    @Test
    void aStateRefusedAloneThatHoldsEveryDeliveryIsParkedSoonerAndTheOthersGoOn() {
        String lone = agent("lone-holding");
        simulator.failFor(List.of(lone));
        long firstTry = System.nanoTime();
        sendAccepted(callbackJson(lone + "-1", "login", lone, null, "1795600000"));
        List<String> others = java.util.stream.IntStream.range(0, 200).mapToObj(i -> agent("held-" + i)).toList();
        for (int round = 0; round < 15; round++) {
            for (List<String> half : List.of(others.subList(0, 100), others.subList(100, 200))) {
                StringBuilder batch = new StringBuilder("[");
                for (String user : half) {
                    batch.append(batch.length() > 1 ? "," : "").append(callbackJson(null, round % 2 == 0 ? "login" : "logout", user,
                            null, String.valueOf(1795600000 + round)));
                }
                sendAccepted(batch.append("]").toString());
            }
        }
        try {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> parkedFor(lone).size() == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - firstTry)).as("parked well before give-up-after").isLessThan(Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(60)).until(() -> others.stream().allMatch(user -> simulator.receivedFor(user).size() == 15));
        } finally {
            simulator.recoverFor(List.of(lone));
        }
        assertThat(String.valueOf(parkedFor(lone).get(0).get("bridgeParkReason"))).isEqualTo("AristoTelos answered HTTP 500 to "
                + "this state for 2s while other agents' states waited behind it: parked so that they and the agent's later states "
                + "go on; replay it once AristoTelos takes it");
        assertThat(others).allSatisfy(user -> assertThat(simulator.receivedFor(user)).extracting(ReceivedState::stateCode)
                .containsExactly("Login", "Logout", "Login", "Logout", "Login", "Logout", "Login", "Logout", "Login", "Logout", "Login",
                        "Logout", "Login", "Logout", "Login"));
    }

}
