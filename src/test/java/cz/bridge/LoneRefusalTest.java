package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cz.bridge.simulator.AristotelosSimulator.Fault;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A state AristoTelos answers 5xx again and again while it takes other states is parked after
 * bridge.delivery.give-up-after (here 6 s), so that the agent's later states and the agents sharing its
 * delivery thread go on; in an outage, where AristoTelos takes nothing, every state waits as before. One that holds
 * every agent: LoneRefusalHoldingTest.
 */
// longer than twice the tests' longest pause (2 s), as the bridge requires: an outage that begins just after a
// delivery counts as "alone" for at most 4 s
@TestPropertySource(properties = "bridge.delivery.give-up-after=6s")
class LoneRefusalTest extends BridgeIntegrationTest {

    @Test
    void aStateRefusedAloneIsParkedAndTheAgentsNextStateGoesOn() throws Exception {
        String lone = agent("lone");
        String other = agent("other");
        simulator.failFor(List.of(lone));
        double parkedBefore = parkedCount("refused-alone");
        long firstTry = System.nanoTime();
        twoStatesParkedWhileAnotherAgentsAreTaken(lone, other);
        // not before give-up-after: the retries went on until then
        assertThat(Duration.ofNanos(System.nanoTime() - firstTry)).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        simulator.recoverFor(List.of(lone));

        Map<String, Object> parked = parkedFor(lone).get(0);
        assertThat(parked.get("bridgeEventId")).isEqualTo(lone + "-1");
        assertThat(String.valueOf(parked.get("bridgeParkReason"))).isEqualTo("AristoTelos answered HTTP 500 to this state for 6s "
                + "while other states were taken or waited behind it: parked so that the agent's later states go on; replay it once AristoTelos takes it");
        assertThat(String.valueOf(parked.get("bridgeAristotelosAnswer"))).startsWith("HTTP 500");
        // the agent's later state is no longer held back
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(lone).stream().anyMatch(s -> (lone + "-2").equals(s.eventId())));
        assertThat(simulator.receivedFor(lone)).noneMatch(s -> (lone + "-1").equals(s.eventId()));
        assertThat(simulator.receivedFor(other)).isNotEmpty();
        // its own reason in the metrics, for an alert apart from refusals for good
        assertThat(parkedCount("refused-alone")).isEqualTo(parkedBefore + 1);
    }

    /**
     * Statuses outside the refusals for good (3xx, 405, 410, a proxy's 413 ...) are retried like a 5xx
     * (docs/decisions.md), and a 5xx alone is parked: such a status for one state alone was retried for ever, holding
     * its agent, the agents on its thread and, once that thread's buffer was full, every agent (a review, 2026-12-06).
     */
    @Test
    void aStateAnsweredGoneAloneIsParkedAsA5xxAloneIs() {
        String lone = agent("gone");
        String other = agent("still-here");
        simulator.failFor(List.of(lone), 410);
        double parkedBefore = parkedCount("refused-alone");
        double rejectedBefore = parkedCount("rejected-410");
        try {
            twoStatesParkedWhileAnotherAgentsAreTaken(lone, other);
        } finally {
            simulator.recoverFor(List.of(lone));
        }
        // given up alone, not refused for good: counted so (it was rejected-410, what a refusal for good is counted as)
        assertThat(parkedCount("refused-alone")).isEqualTo(parkedBefore + 1);
        assertThat(parkedCount("rejected-410")).isEqualTo(rejectedBefore);
        assertThat(String.valueOf(parkedFor(lone).get(0).get("bridgeParkReason")))
                .startsWith("AristoTelos answered HTTP 410 to this state for 6s while other states were taken or waited behind it");
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(lone).stream().anyMatch(s -> (lone + "-2").equals(s.eventId())));
    }

    /**
     * An event with the id "null" (a template's placeholder) was never parked: Camel's bean binding passed the id's text
     * "null" as null, which counts nothing, so the state was retried for ever, holding its agents (a review, 2026-12-06).
     */
    @Test
    void aStateWithTheIdNullRefusedAloneIsParkedToo() {
        String lone = agent("id-null");
        String other = agent("id-not-null");
        simulator.failFor(List.of(lone));
        try {
            sendAccepted(callbackJson("null", "login", lone, null, "1795600000"));
            anotherAgentsStatesTakenUntil(other, 0, () -> parkedFor(lone).size() == 1);
        } finally {
            simulator.recoverFor(List.of(lone));
        }
        Map<String, Object> parked = parkedFor(lone).get(0);
        assertThat(parked.get("bridgeEventId")).isEqualTo("null");
        assertThat(String.valueOf(parked.get("bridgeParkReason"))).startsWith("AristoTelos answered HTTP 500 to this state for 6s");
    }

    /**
     * Replayed while AristoTelos still refuses it alone, a parked state is retried for give-up-after again before it is
     * parked again: its count is forgotten when it is parked (routes/parking.camel.yaml), not carried into the replay.
     */
    @Test
    void aReplayedStateStillRefusedAloneIsRetriedAgainBeforeItIsParkedAgain() {
        String lone = agent("replayed-lone");
        String other = agent("replayed-other");
        simulator.failFor(List.of(lone));
        try {
            // one state only: a later one of the agent's, refused too, would hold the replay behind it
            sendAccepted(callbackJson(lone + "-1", "login", lone, null, "1795600000"));
            anotherAgentsStatesTakenUntil(other, 0, () -> parkedFor(lone).size() == 1);
            long replayed = System.nanoTime();
            assertThat(management("POST", "/actuator/parked/" + lone + "-1", null, true).statusCode()).isEqualTo(200);
            anotherAgentsStatesTakenUntil(other, 100, () -> parkedFor(lone).stream().anyMatch(p -> (lone + "-1").equals(p.get("bridgeEventId"))));
            assertThat(Duration.ofNanos(System.nanoTime() - replayed)).as("retried for give-up-after again")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        } finally {
            simulator.recoverFor(List.of(lone));
        }
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
        double parkedBefore = parkedCount("unanswered-alone");
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
.contains(", to this state for 6s while other states were taken or waited behind it: parked so that the agent's later states go on; replay it");
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(lone).stream().anyMatch(s -> (lone + "-2").equals(s.eventId())));
        assertThat(parkedCount("unanswered-alone")).isEqualTo(parkedBefore + 1);
    }

    /**
     * The lone agent's login and pause, then another agent's states, one per poll, until the first is parked: AristoTelos
     * taking other states meanwhile.
     */
    private void twoStatesParkedWhileAnotherAgentsAreTaken(String lone, String other) {
        sendAccepted(callbackJson(lone + "-1", "login", lone, null, "1795600000"));
        sendAccepted(callbackJson(lone + "-2", "unready", lone, "lunch", "1795600060"));
        anotherAgentsStatesTakenUntil(other, 0, () -> parkedFor(lone).size() == 1);
    }

    /** bridge_deliveries_total for events parked with this reason, 0 before the first (the tests share one bridge). */
    private double parkedCount(String reason) {
        Matcher count = Pattern.compile("bridge_deliveries_total\\{[^}]*outcome=\"parked\",reason=\"" + Pattern.quote(reason) + "\"[^}]*} ([0-9.E]+)")
                .matcher(management("GET", "/actuator/prometheus", null, true).body());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    /** Another agent's states, one per poll (its times from 1795600000 + first on), until {@code done}: AristoTelos taking states meanwhile. */
    private void anotherAgentsStatesTakenUntil(String other, int first, Callable<Boolean> done) {
        int[] sent = {first};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            sendAccepted(callbackJson(null, sent[0]++ % 2 == 0 ? "login" : "logout", other, null, String.valueOf(1795600000 + sent[0])));
            return done.call();
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
