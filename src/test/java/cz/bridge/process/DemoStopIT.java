package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo, stopped right after its first 202, as a newcomer stops it after trying the callback. The demo's
 * simulators stopped with the bridge's first routes, under the delivery of that event: its token request was answered
 * 503 ("WARN … Token request failed: the token endpoint … answered HTTP 503") and the event was kept for the next start.
 * They now answer until the bridge's own routes have stopped (shutdownRoute: Defer in routes/demo).
 */
class DemoStopIT {

    @TempDir
    Path work;

    @Test
    void theDemoStoppedRightAfterItsFirstCallbackDeliversItAndWarnsOfNothing() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.demo(work.resolve("data"), Map.of())) {
            bridge.start();
            assertThat(bridge.post("{\"id\":\"demo-stop-1\",\"event\":\"ready\",\"user\":\"second\",\"time\":\"2026-11-24 08:00:00\"}"))
                    .isEqualTo(202);
            assertThat(bridge.terminate(Duration.ofSeconds(30))).as("stopped by SIGTERM").isTrue();

            String log = Files.readString(bridge.log());
            assertThat(log).as("see %s", bridge.log()).contains("(daktela-aristotelos-bridge) shutdown in");
            assertThat(log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList()).as("see %s", bridge.log()).isEmpty();
            assertThat(log.lines().filter(l -> l.contains("Delivered event demo-stop-1 user=second ")).toList())
                    .as("delivered before the stop; see %s", bridge.log()).hasSize(1);
        }
    }
}
