package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cz.bridge.simulator.AristotelosSimulator;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import cz.bridge.simulator.DaktelaSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.TestSocketUtils;

/**
 * The bridge is stopped (killed) while agents change state at Daktela, then started on the same
 * data: its first pass repairs every agent from the last states it kept (bridge.last-state in the
 * embedded broker's journal), each once, after the states delivered before the stop.
 */
class ReconciliationRestartIT {

    static final ZoneId PRAGUE = ZoneId.of("Europe/Prague");

    @TempDir
    Path data;

    private AristotelosSimulator aristotelos;
    private DaktelaSimulator daktela;
    private BridgeProcess bridge;

    @AfterEach
    void stopAll() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (aristotelos != null) {
            aristotelos.close();
        }
        if (daktela != null) {
            daktela.close();
        }
    }

    private BridgeProcess bridge() {
        return new BridgeProcess(data, aristotelos.baseUrl(), Map.of("DAKTELA_URL", daktela.url(),
                "DAKTELA_ACCESS_TOKEN", "it-daktela-token", "DAKTELA_RECONCILE_INTERVAL", "2s",
                "DAKTELA_RECONCILE_GRACE", "1s"));
    }

    /** Agents 0-9 and 20-29 repaired once, 10-19 left alone. */
    private boolean expected(List<String> agents) {
        for (int i = 0; i < agents.size(); i++) {
            int want = i >= 10 && i < 20 ? 2 : 3;
            if (aristotelos.receivedFor(agents.get(i)).size() != want) {
                return false;
            }
        }
        return true;
    }

    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, PRAGUE);
    }

    @Test
    void theFirstPassAfterARestartRepairsEveryAgentOnce() throws Exception {
        aristotelos = new AristotelosSimulator(TestSocketUtils.findAvailableTcpPort(), "it-client", "it-client-secret",
                Duration.ofHours(1), List.of("*"), Clock.systemUTC());
        aristotelos.logStates(false);
        aristotelos.start();
        daktela = new DaktelaSimulator("it-daktela-token");
        bridge = bridge().start();

        Instant ready = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String agent = "restart-agent-" + i;
            agents.add(agent);
            assertThat(bridge.post("[{\"id\":\"" + agent + "-in\",\"event\":\"login\",\"user\":\"" + agent + "\",\"time\":"
                    + (ready.getEpochSecond() - 1) + "},{\"id\":\"" + agent + "-ready\",\"event\":\"ready\",\"user\":\"" + agent
                    + "\",\"time\":" + ready.getEpochSecond() + "}]")).isEqualTo(202);
            daktela.session(agent, "Idle", null, local(ready), null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> agents.stream().allMatch(a -> aristotelos.receivedFor(a).size() == 2));

        bridge.kill();
        // while the bridge is down: 0-9 pause, 10-19 pause and come back (the last state is what counts:
        // ready, as the bridge knows them, so nothing to repair), 20-29 log out
        Instant paused = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        Instant back = paused.plusSeconds(20);
        for (int i = 0; i < 10; i++) {
            daktela.session(agents.get(i), "Paused", "lunch", local(paused), local(paused));
        }
        for (int i = 10; i < 20; i++) {
            daktela.session(agents.get(i), "Paused", "lunch", local(paused), local(paused));
            daktela.session(agents.get(i), "Session", null, local(back), null);
        }
        for (int i = 20; i < 30; i++) {
            daktela.logout(agents.get(i));
        }
        bridge = bridge().start();

        await().atMost(Duration.ofSeconds(30)).until(() -> expected(agents));
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(9)).until(() -> expected(agents));
        for (int i = 0; i < 30; i++) {
            List<ReceivedState> got = aristotelos.receivedFor(agents.get(i));
            if (i < 10 || i >= 20) {
                assertThat(got).extracting(ReceivedState::stateCode).as(agents.get(i))
                        .containsExactly("Login", "Ready", i < 10 ? "NotReady" : "Logout");
                // derived, as a repair's id is (the callbacks above had ids of their own)
                assertThat(got.get(2).eventId()).startsWith("d-");
            } else {
                assertThat(got).extracting(ReceivedState::stateCode).as(agents.get(i)).containsExactly("Login", "Ready");
            }
        }
    }
}
