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
        assertThat(first.terminate(Duration.ofSeconds(45))).as("exits within 45 s of SIGTERM").isTrue();
        assertThat(first.post(event("term-a", 99))).as("no callbacks taken after shutdown").isNotEqualTo(202);

        BridgeProcess second = bridge(data).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> agents.stream().allMatch(a -> eventIdsOf(aristotelos, a).size() == 20));
        for (String agent : agents) {
            assertDeliveredInOrder(aristotelos, agent, 20);
        }
        assertThat(second.alive()).isTrue();
    }
}
