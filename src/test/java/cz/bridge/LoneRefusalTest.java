package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import cz.bridge.simulator.AristotelosSimulator.Fault;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A state AristoTelos answers 5xx again and again while it takes other states is parked after
 * bridge.delivery.give-up-after (here 6 s), or after give-up-when-others-wait (here 1 s) while other agents' states wait
 * behind it, so that the agent's later states and the other agents go on; in an outage, where AristoTelos takes
 * nothing, every state waits as before.
 */
// give-up-after longer than twice the tests' longest pause (2 s), as the bridge requires: an outage that begins just
// after a delivery counts as "alone" for at most 4 s
@TestPropertySource(properties = {"bridge.delivery.give-up-after=6s", "bridge.delivery.give-up-when-others-wait=1s"})
class LoneRefusalTest extends BridgeIntegrationTest {

    @Test
    void aStateRefusedAloneIsParkedAndTheAgentsNextStateGoesOn() throws Exception {
        String lone = agent("lone");
        String other = agent("other");
        simulator.failFor(List.of(lone));
        long firstTry = System.nanoTime();
        twoStatesParkedWhileAnotherAgentsAreTaken(lone, other);
        // not before give-up-after: the retries went on until then
        assertThat(Duration.ofNanos(System.nanoTime() - firstTry)).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        simulator.recoverFor(List.of(lone));

        Map<String, Object> parked = parkedFor(lone).get(0);
        assertThat(parked.get("bridgeEventId")).isEqualTo(lone + "-1");
        assertThat(String.valueOf(parked.get("bridgeParkReason"))).isEqualTo("AristoTelos answered HTTP 500 to this state for 6s "
                + "while other states were taken: parked so that the agent's later states go on; replay it once AristoTelos takes it");
        assertThat(String.valueOf(parked.get("bridgeAristotelosAnswer"))).startsWith("HTTP 500");
        // the agent's later state is no longer held back
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(lone).stream().anyMatch(s -> (lone + "-2").equals(s.eventId())));
        assertThat(simulator.receivedFor(lone)).noneMatch(s -> (lone + "-1").equals(s.eventId()));
        assertThat(simulator.receivedFor(other)).isNotEmpty();
        // its own reason in the metrics, for an alert apart from refusals for good
        assertThat(management("GET", "/actuator/prometheus", null, true).body())
                .containsPattern("bridge_deliveries_total\\{[^}]*outcome=\"parked\",reason=\"refused-alone\"[^}]*} 1\\.0");
    }

    /**
     * The broker hands an agent's events only to the delivery thread that holds the agent, and once the thread
     * retrying the lone state has its buffer (16 KB) full of its agents' later events, it hands out nothing more, to
     * any thread: AristoTelos takes nothing, as in an outage, but the other agents' events wait behind this one. The
     * count goes on and the state is parked after give-up-when-others-wait (1 s), not give-up-after (6 s; 10 min by
     * default, in which no agent's state went out), and then every other state is delivered.
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
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> parkedFor(lone).size() == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - firstTry)).as("parked before give-up-after").isLessThan(Duration.ofSeconds(6));
            await().atMost(Duration.ofSeconds(60)).until(() -> others.stream().allMatch(user -> simulator.receivedFor(user).size() == 15));
        } finally {
            simulator.recoverFor(List.of(lone));
        }
        assertThat(String.valueOf(parkedFor(lone).get(0).get("bridgeParkReason"))).isEqualTo("AristoTelos answered HTTP 500 to "
                + "this state for 1s while other agents' states waited behind it: parked so that they and the agent's later states "
                + "go on; replay it once AristoTelos takes it");
        assertThat(others).allSatisfy(user -> assertThat(simulator.receivedFor(user)).extracting(ReceivedState::stateCode)
                .containsExactly("Login", "Logout", "Login", "Logout", "Login", "Logout", "Login", "Logout", "Login", "Logout", "Login",
                        "Logout", "Login", "Logout", "Login"));
    }

    /**
     * AristoTelos, reached, gives one state no answer the bridge can read (here 150 headers, over the bound of
     * aristotelosConnections; a timeout on one employee is the same case) while it takes other states: retried for ever
     * before, holding its agents and, once its thread's buffer was full, every agent. Now parked as a 5xx alone is.
     */
    @Test
    void aStateAristotelosDoesNotAnswerAloneIsParkedAndTheAgentsNextStateGoesOn() {
        String lone = agent("unanswered");
        String other = agent("answered");
        simulator.answerWithHeadersFor(List.of(lone), 150);
        long firstTry = System.nanoTime();
        try {
            twoStatesParkedWhileAnotherAgentsAreTaken(lone, other);
        } finally {
            simulator.answerWithHeadersFor(List.of(lone), 0);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - firstTry)).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        Map<String, Object> parked = parkedFor(lone).get(0);
        assertThat(parked.get("bridgeEventId")).isEqualTo(lone + "-1");
        assertThat(String.valueOf(parked.get("bridgeParkReason"))).startsWith("AristoTelos's answer was not read: ")
.contains(", to this state for 6s while other states were taken: parked so that the agent's later states go on; replay it");
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(lone).stream().anyMatch(s -> (lone + "-2").equals(s.eventId())));
        assertThat(management("GET", "/actuator/prometheus", null, true).body())
                .containsPattern("bridge_deliveries_total\\{[^}]*outcome=\"parked\",reason=\"unanswered-alone\"[^}]*} 1\\.0");
    }

    /**
     * The lone agent's login and pause, then another agent's states, one per poll, until the first is parked: AristoTelos
     * taking other states meanwhile.
     */
    private void twoStatesParkedWhileAnotherAgentsAreTaken(String lone, String other) {
        sendAccepted(callbackJson(lone + "-1", "login", lone, null, "1795600000"));
        sendAccepted(callbackJson(lone + "-2", "unready", lone, "lunch", "1795600060"));
        int[] sent = {0};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            sendAccepted(callbackJson(null, sent[0]++ % 2 == 0 ? "login" : "logout", other, null, String.valueOf(1795600000 + sent[0])));
            return parkedFor(lone).size() == 1;
        });
    }

    /**
     * The outage with one agent at work: its next state waits behind the one retried. Counted as a state refused alone
     * (events waited in the queue, and no other agent's delivery failed), the first was parked after give-up-after,
     * though AristoTelos took nothing, and the next was delivered before it.
     */
    @Test
    void inAnOutageAnAgentsOwnNextStateWaitingDoesNotGetItsStateParked() {
        String alone = agent("alone-at-work");
        String before = agent("before-alone");
        sendAccepted(callbackJson(null, "login", before, null, "1795600000"));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(before).size() == 1);
        simulator.failNext(-1, new Fault(503, null));
        sendAccepted(callbackJson(alone + "-1", "login", alone, null, "1795600000"));
        sendAccepted(callbackJson(alone + "-2", "ready", alone, null, "1795600010"));
        await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(11)).until(() -> parkedFor(alone).isEmpty());
        simulator.clearFaults();
        await().atMost(Duration.ofSeconds(15)).until(() -> simulator.receivedFor(alone).size() == 2);
        assertThat(simulator.receivedFor(alone)).extracting(ReceivedState::eventId).containsExactly(alone + "-1", alone + "-2");
        assertThat(parkedFor(alone)).isEmpty();
    }

    @Test
    void inAnOutageNothingIsParkedHoweverLongItLasts() {
        String patient = agent("patient");
        // the outage begins just after AristoTelos took a state: the case where a state's failures count as alone longest
        String before = agent("before");
        sendAccepted(callbackJson(null, "login", before, null, "1795600000"));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(before).size() == 1);
        simulator.failNext(-1, new Fault(503, null));
        sendAccepted(callbackJson(patient + "-1", "login", patient, null, "1795600000"));
        // longer than give-up-after, with every state refused, also just after the other test's deliveries:
        // nothing is taken, so nothing is given up
        await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(11)).until(() -> parkedFor(patient).isEmpty());
        simulator.clearFaults();
        await().atMost(Duration.ofSeconds(15)).until(() -> simulator.receivedFor(patient).size() == 1);
        assertThat(parkedFor(patient)).isEmpty();
    }
}
