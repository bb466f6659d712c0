package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import cz.bridge.simulator.AristotelosSimulator.EndlessAnswer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * AristoTelos (or whatever ARISTOTELOS_URL reaches: a proxy, a wrong address) answers with a body that does not end.
 * camel-http read every answer whole into the heap, however long, and waited for its end: the bridge reads 64 KB of
 * it within 10 s after the status (BoundedAnswers, set in aristotelos.camel.yaml), decides by the status as always,
 * and closes the connection; the next deliveries are not held up. Its headers are read within bounds too
 * (BoundedAnswerHeads): an answer beyond them is no answer, and the event is tried again.
 */
@ExtendWith(OutputCaptureExtension.class)
class AristotelosAnswerBoundsTest extends BridgeIntegrationTest {

    /** Far below the 256 MB the simulator would send, far above 64 KB and what the sockets' buffers hold. */
    private static final long FAR_BELOW_ALL = 32L << 20;

    private void login(String user) {
        sendAccepted(callbackJson(null, "login", user, null, "1795510000"));
    }

    /** Waits until the simulator has stopped writing endless answers (the bridge closed them); returns what it wrote since. */
    private long sentSince(long before) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = simulator.endlessBytesSent();
            boolean still = now == last[0];
            last[0] = now;
            return still;
        });
        return last[0] - before;
    }

    @Test
    void aSuccessWithAnEndlessBodyIsDeliveredOnceAndItsConnectionClosed(CapturedOutput output) {
        String user = agent("endless-ok");
        simulator.answerEndlesslyFor(List.of(user), new EndlessAnswer(200, Duration.ZERO));
        long before = simulator.endlessBytesSent();
        login(user);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(output.getOut()).contains("Delivered event")
                .contains("user=" + user + " state="));
        assertThat(sentSince(before)).as("bytes of the answer written before the bridge closed it").isPositive().isLessThan(FAR_BELOW_ALL);
        closedByTheBridge(user);
        assertThat(output.getOut().lines().filter(l -> l.contains("AristoTelos's answer (HTTP 200) was cut after 65536 bytes")).toList())
                .singleElement().asString().contains(" WARN ").contains("the rest is not read, and its connection is closed");
        assertThat(simulator.receivedFor(user)).as("delivered once, not tried again").hasSize(1);

        String next = agent("after-endless");
        login(next);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(next).size() == 1);
    }

    @Test
    void aRefusalWithAnEndlessBodyIsParkedWithItsBeginning() {
        String user = agent("endless-400");
        simulator.answerEndlesslyFor(List.of(user), new EndlessAnswer(400, Duration.ZERO));
        long before = simulator.endlessBytesSent();
        login(user);
        await().atMost(Duration.ofSeconds(20)).until(() -> parkedFor(user).size() == 1);
        Map<String, Object> parked = parkedFor(user).get(0);
        assertThat((String) parked.get("bridgeAristotelosAnswer")).startsWith("HTTP 400 xxxxxxxx");
        assertThat(sentSince(before)).as("bytes of the answer written before the bridge closed it").isPositive().isLessThan(FAR_BELOW_ALL);
        closedByTheBridge(user);
    }

    @Test
    void aSuccessWhoseBodyTricklesIsDeliveredAfterTheAnswersTime(CapturedOutput output) {
        String user = agent("trickle");
        simulator.answerEndlesslyFor(List.of(user), new EndlessAnswer(200, Duration.ofMillis(100)));
        login(user);
        // the simulator trickles for 60 s: the bridge stops reading after 10 s
        await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> assertThat(output.getOut()).contains("Delivered event")
                .contains("user=" + user + " state="));
        assertThat(output.getOut()).contains("AristoTelos's answer (HTTP 200) did not end within 10000 ms: the rest is not read");
        closedByTheBridge(user);
        assertThat(simulator.receivedFor(user)).hasSize(1);
    }

    /**
     * The simulator's write of the answer failed: the bridge closed the connection. A bridge that only stopped reading
     * (the connection kept, leased or pooled) leaves the write blocked once the sockets' buffers are full, and the bytes
     * written stop growing as they do when it is closed.
     */
    private void closedByTheBridge(String user) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(simulator.endlessAnswersClosedByTheClient(user))
                .as("answers to " + user + " whose connection the bridge closed").isEqualTo(1));
    }

    /** The "Delivered event" lines of this agent. */
    private static List<String> deliveredLines(CapturedOutput output, String user) {
        return output.getOut().lines().filter(l -> l.contains("Delivered event") && l.contains(" user=" + user + " state=")).toList();
    }

    @Test
    void anAnswerWithTooManyHeadersIsNoAnswerAndTheEventIsTriedAgain(CapturedOutput output) {
        String user = agent("many-headers");
        // over the 100 of aristotelosConnections in aristotelos.camel.yaml; HttpClient's default has no bound
        simulator.answerWithHeadersFor(List.of(user), 150);
        login(user);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(output.getOut()).contains("Delivery for user=" + user
                + " failed (try 2), retrying: AristoTelos's answer was not read: Maximum header count exceeded (its status line and headers"));
        assertThat(deliveredLines(output, user)).as("not delivered while the answers break the bound").isEmpty();

        simulator.answerWithHeadersFor(List.of(user), 0);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deliveredLines(output, user)).hasSize(1));
        assertThat(simulator.receivedFor(user)).as("taken at each try, answered beyond the bound until the last").hasSizeGreaterThan(2);

        // 90 headers are within the bound
        String next = agent("some-headers");
        simulator.answerWithHeadersFor(List.of(next), 90);
        login(next);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveredLines(output, next)).hasSize(1));
        assertThat(simulator.receivedFor(next)).hasSize(1);
        assertThat(output.getOut()).doesNotContain("Delivery for user=" + next + " failed");
    }
}
