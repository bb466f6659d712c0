package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import cz.bridge.simulator.AristotelosSimulator;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.TestSocketUtils;

/**
 * Every 202-acknowledged event reaches AristoTelos, in order per agent, across a SIGKILL of
 * the bridge and a SIGTERM; a resend after the restart is still a duplicate.
 */
class CrashRecoveryIT {

    @TempDir
    Path work;

    private AristotelosSimulator aristotelos;
    private final List<BridgeProcess> bridges = new ArrayList<>();

    @BeforeEach
    void aristotelosIsDown() {
        aristotelos = new AristotelosSimulator(TestSocketUtils.findAvailableTcpPort(), "it-client", "it-client-secret",
                Duration.ofHours(1), List.of("*"), Clock.systemUTC());
        aristotelos.logStates(false);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (BridgeProcess bridge : bridges) {
            bridge.close();
        }
        aristotelos.close();
    }

    private BridgeProcess bridge(Path data) {
        BridgeProcess bridge = new BridgeProcess(data, aristotelos.baseUrl(), Map.of());
        bridges.add(bridge);
        return bridge;
    }

    private static String event(String user, int step) {
        String[] kinds = {"login", "ready", "unready", "ready", "logout"};
        String kind = kinds[step % kinds.length];
        return "{\"id\":\"" + user + "-" + step + "\",\"event\":\"" + kind + "\",\"user\":\"" + user + "\""
                + (kind.equals("unready") ? ",\"pause\":\"lunch\"" : "") + ",\"time\":" + (1_795_507_200L + step * 10L) + "}";
    }

    /** Each agent's states, duplicates (at-least-once) folded, in the order AristoTelos received them. */
    private static List<String> eventIdsOf(AristotelosSimulator aristotelos, String user) {
        return new ArrayList<>(new LinkedHashSet<>(aristotelos.receivedFor(user).stream().map(ReceivedState::eventId).toList()));
    }

    /**
     * In order, each event at least once, and the agent's last state the last one AristoTelos received: folding
     * alone would also pass an older state delivered again after the newest (1, 2, 3, 2), which leaves the wrong state.
     */
    private static void assertDeliveredInOrder(AristotelosSimulator aristotelos, String agent, int count) {
        assertThat(eventIdsOf(aristotelos, agent)).as("agent %s, in Daktela's order", agent).isEqualTo(expected(agent, count));
        List<ReceivedState> received = aristotelos.receivedFor(agent);
        assertThat(received.get(received.size() - 1).eventId()).as("agent %s's last state", agent).isEqualTo(agent + "-" + (count - 1));
    }

    private static List<String> expected(String user, int count) {
        List<String> ids = new ArrayList<>();
        for (int step = 0; step < count; step++) {
            ids.add(user + "-" + step);
        }
        return ids;
    }

    @Test
    void killedWhileAristotelosIsDownThenRestartedDeliversEverythingInOrder() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        BridgeProcess first = bridge(data).start();
        List<String> agents = new ArrayList<>();
        for (int a = 0; a < 10; a++) {
            agents.add("crash-agent-" + a);
        }
        for (int step = 0; step < 10; step++) {
            for (String agent : agents) {
                assertThat(first.post(event(agent, step))).as("accepted %s", event(agent, step)).isEqualTo(202);
            }
        }
        first.kill();

        BridgeProcess second = bridge(data).start();
        // a resend of an event accepted before the crash is still recognised
        assertThat(second.post(event("crash-agent-0", 3))).isEqualTo(200);
        aristotelos.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> agents.stream().allMatch(a -> eventIdsOf(aristotelos, a).size() == 10));
        for (String agent : agents) {
            assertDeliveredInOrder(aristotelos, agent, 10);
        }
        assertThat(aristotelos.receivedFor("crash-agent-0").get(0).timestamp()).isEqualTo("2026-11-24T09:00:00+01:00");
    }

    /**
     * Docker stops a container with SIGTERM and, 10 s later, SIGKILL. A delivery pausing between retries (AristoTelos
     * answering 503) held the stop for camel.main.shutdown-timeout (20 s), dumped the exchanges in flight every second and ended
     * in an interrupted sleep's stack trace. Now the stop refuses the next retry, says so in one line, and the event,
     * rolled back into the journal, is delivered once after the next start.
     */
    @Test
    void sigtermWhileAnEventWaitsForARetryEndsWithinFiveSecondsInOneLineAndTheEventIsDeliveredOnceAfterTheRestart() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        aristotelos.start();
        aristotelos.failNext(-1, new AristotelosSimulator.Fault(503, null));
        BridgeProcess first = bridge(data).start();
        assertThat(first.post(event("waiting-agent", 2))).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.readString(first.log()).contains("Delivery for user=waiting-agent failed (try 3), retrying"));

        assertStopsWithinFiveSecondsInOneLine(first, "waiting-agent");

        aristotelos.clearFaults();
        bridge(data).start();
        assertDeliveredOnce("waiting-agent-2", "waiting-agent");
    }

    /**
     * The one repeat at-least-once allows: killed after AristoTelos took a state and before the broker had its
     * acknowledgement, the bridge delivers it again after the restart with the same Idempotency-Key, by which
     * AristoTelos folds the two (README, "What the bridge guarantees"; no test read the key of a redelivery before).
     */
    @Test
    void killedDuringACallTheStateIsSentAgainWithTheSameIdempotencyKey() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        aristotelos.start();
        aristotelos.latency(Duration.ofSeconds(3));
        BridgeProcess first = bridge(data).start();
        long before = aristotelos.updateRequests();
        assertThat(first.post(event("twice-agent", 0))).isEqualTo(202);
        // the call is under way (AristoTelos takes the state at the end of its 3 s): killed before its answer
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> aristotelos.updateRequests() == before + 1);
        first.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> aristotelos.receivedFor("twice-agent").size() == 1);
        aristotelos.latency(Duration.ZERO);

        bridge(data).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> aristotelos.receivedFor("twice-agent").size() == 2);
        List<ReceivedState> got = aristotelos.receivedFor("twice-agent");
        assertThat(got).extracting(ReceivedState::eventId).containsExactly("twice-agent-0", "twice-agent-0");
        assertThat(got).extracting(ReceivedState::idempotencyKey).containsExactly("twice-agent-0", "twice-agent-0");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> aristotelos.receivedFor("twice-agent").size() == 2);
    }

    /**
     * AristoTelos asked every delivery to wait a minute (a 429 with Retry-After: 60): a state's first try waited in
     * Camel's delay, which a SIGTERM waited for until camel.main.shutdown-timeout (20 s, past Docker's 10 s) and then
     * interrupted (a review of the delivery, 2026-12-06). The wait ends when the bridge stops; the event stays stored and
     * is delivered once after the next start, not parked.
     */
    @Test
    void sigtermWhileADeliveryWaitsAsAristotelosAskedEndsWithinFiveSecondsAndTheEventIsDeliveredAfterTheRestart() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        aristotelos.start();
        aristotelos.failNext(1, new AristotelosSimulator.Fault(429, 60));
        // the pause asked is kept up to the longest retry pause (here 2 s otherwise): the shipped minute
        BridgeProcess first = new BridgeProcess(data, aristotelos.baseUrl(), Map.of("BRIDGE_DELIVERY_MAX_RETRY_DELAY_MS", "60000"));
        bridges.add(first);
        first.start();
        assertThat(first.post(event("asking-agent", 2))).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> aristotelos.updateRequests() == 1);
        // the bridge has read the 429 and its Retry-After (the simulator counts the request before it answers): the
        // second event sent before that was delivered at once, and the test failed (fresh-clone CI, 2026-12-07 01:21)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.readString(first.log()).contains("Delivery for user=asking-agent failed (try 1)"));
        assertThat(first.post(event("asked-agent", 2))).isEqualTo(202);
        // the second agent's first try waits for the minute asked; nothing more reaches AristoTelos meanwhile
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> aristotelos.updateRequests() == 1);

        assertStopsWithinFiveSecondsInOneLine(first, "asked-agent");
        assertThat(Files.readString(first.log())).doesNotContain("Parked event");

        aristotelos.clearFaults();
        bridge(data).start();
        assertDeliveredOnce("asked-agent-2", "asked-agent");
        assertDeliveredOnce("asking-agent-2", "asking-agent");
    }

    /**
     * A SIGTERM during a try (AristoTelos slow, then 503) waits for its answer, then, as above, no retry: the
     * event stays stored, said in the same line, without Camel's ERROR that its retries were exhausted.
     */
    @Test
    void sigtermDuringATryWaitsForItsAnswerThenKeepsTheEventInOneLine() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        aristotelos.start();
        aristotelos.failNext(-1, new AristotelosSimulator.Fault(503, null));
        BridgeProcess first = bridge(data).start();
        aristotelos.latency(Duration.ofMillis(1500));
        assertThat(first.post(event("slow-agent", 2))).isEqualTo(202);
        // the first try was answered 503; the second is under way
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> aristotelos.updateRequests() == 2);

        assertStopsWithinFiveSecondsInOneLine(first, "slow-agent");

        aristotelos.clearFaults();
        bridge(data).start();
        assertDeliveredOnce("slow-agent-2", "slow-agent");
    }

    /**
     * As above, but the stop begins during the event's first try (the README's second start stopped right after its
     * first 202, the demo's simulator answering 503 as it stopped): Camel logged "Failed delivery … Exhausted after
     * delivery attempt: 1 caught: …" at ERROR on top of the bridge's line, as retries without a limit end only so.
     */
    @Test
    void sigtermDuringTheFirstTryKeepsTheEventInOneLine() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        aristotelos.start();
        BridgeProcess first = bridge(data).start();
        aristotelos.failNext(-1, new AristotelosSimulator.Fault(503, null));
        aristotelos.latency(Duration.ofMillis(1500));
        long before = aristotelos.updateRequests();
        assertThat(first.post(event("first-try-agent", 2))).isEqualTo(202);
        // the first try is under way
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> aristotelos.updateRequests() == before + 1);

        assertStopsWithinFiveSecondsInOneLine(first, "first-try-agent");

        aristotelos.clearFaults();
        aristotelos.latency(Duration.ZERO);
        bridge(data).start();
        assertDeliveredOnce("first-try-agent-2", "first-try-agent");
    }

    private static void assertStopsWithinFiveSecondsInOneLine(BridgeProcess bridge, String user) throws Exception {
        long sigterm = System.nanoTime();
        assertThat(bridge.terminate(Duration.ofSeconds(45))).as("exits after SIGTERM").isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - sigterm);
        assertThat(took).as("SIGTERM to exit, well within Docker's 10 s; see %s", bridge.log()).isLessThan(Duration.ofSeconds(5));
        assertThat(Files.readString(bridge.log())).as("the stop says what becomes of the waiting event; see %s", bridge.log())
                .containsOnlyOnce("Stopping: the event of user=" + user + " waiting for a retry stays stored and is delivered after the next start")
                .doesNotContain("Caused by", "\tat ", "InflightExchange", "Timeout occurred during graceful shutdown", "Exhausted after");
    }

    private void assertDeliveredOnce(String eventId, String user) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !aristotelos.receivedFor(user).isEmpty());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> aristotelos.receivedFor(user).size() == 1);
        assertThat(aristotelos.receivedFor(user).get(0).eventId()).isEqualTo(eventId);
    }

    @Test
    void sigtermFinishesInBoundedTimeAndLosesNothing() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        aristotelos.start();
        aristotelos.latency(Duration.ofMillis(50));
        BridgeProcess first = bridge(data).start();
        List<String> agents = List.of("term-a", "term-b", "term-c", "term-d", "term-e");
        for (int step = 0; step < 20; step++) {
            for (String agent : agents) {
                assertThat(first.post(event(agent, step))).isEqualTo(202);
            }
        }
        // SIGTERM while deliveries are under way, and callbacks keep coming until the process is gone: each is taken (202:
        // stored, and delivered after the next start) or refused, to be sent again (503, or no connection); none is lost
        first.sigterm();
        long sigterm = System.nanoTime();
        Map<Integer, Integer> answers = new TreeMap<>();
        List<String> takenLate = new ArrayList<>();
        for (int step = 0; first.alive() && System.nanoTime() - sigterm < Duration.ofSeconds(30).toNanos(); step++) {
            int status = first.post(event("term-late", step));
            answers.merge(status, 1, Integer::sum);
            if (status == 202) {
                takenLate.add("term-late-" + step);
            }
        }
        assertThat(first.exited(Duration.ofSeconds(30))).as("exits after SIGTERM, answers meanwhile %s", answers).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).as("SIGTERM to exit, within camel.main.shutdown-timeout (20 s)")
                .isLessThan(Duration.ofSeconds(25));
        assertThat(answers.keySet()).as("answers after SIGTERM: taken, or refused to be sent again").isSubsetOf(202, 503, -1);

        BridgeProcess second = bridge(data).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> agents.stream().allMatch(a -> eventIdsOf(aristotelos, a).size() == 20)
                && eventIdsOf(aristotelos, "term-late").size() == takenLate.size());
        for (String agent : agents) {
            assertDeliveredInOrder(aristotelos, agent, 20);
        }
        assertThat(eventIdsOf(aristotelos, "term-late")).as("each callback answered 202 during the stop, delivered").isEqualTo(takenLate);
        assertThat(second.alive()).isTrue();
    }
}
