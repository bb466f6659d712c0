package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import cz.bridge.simulator.AristotelosSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.TestSocketUtils;

/**
 * The README's first command, run.sh, after 'mvn package': it runs the packaged jar as it is, on the JVM that made
 * its AOT cache and from that cache, and becomes that JVM, so that a stop signal reaches the bridge itself. Not building
 * again also means that the training (src/build/AotTraining.java) and run.sh (java_identity) name the JVM alike in
 * target/bridge.aot.jvm. (How it chooses to build first: RunScriptTest.)
 */
class RunScriptIT {

    @TempDir
    Path work;

    @Test
    void runsThePackagedJarFromItsAotCacheWithoutBuildingAgain() throws Exception {
        try (AristotelosSimulator aristotelos = new AristotelosSimulator(TestSocketUtils.findAvailableTcpPort(), "it-client",
                "it-client-secret", Duration.ofHours(1), List.of("*"), Clock.systemUTC());
                // -XX:AOTMode=on: a JVM that cannot use the cache refuses to start instead of starting slower
                BridgeProcess bridge = new BridgeProcess(work.resolve("data"), aristotelos.baseUrl(),
                        Map.of("JAVA_OPTS", "-XX:AOTMode=on")).byRunScript()) {
            aristotelos.logStates(false);
            aristotelos.start();
            bridge.start();

            assertThat(bridge.handle().info().command()).as("the process run.sh became")
                    .hasValueSatisfying(command -> assertThat(command).endsWith("/bin/java"));
            assertThat(bridge.post("{\"id\":\"run-script-1\",\"event\":\"login\",\"user\":\"jnovak\",\"time\":\"2026-11-24 08:00:00\"}"))
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(aristotelos.receivedFor("jnovak")).hasSize(1));
            assertThat(Files.readString(bridge.log())).doesNotContain("run.sh: building");

            assertThat(bridge.terminate(Duration.ofSeconds(60))).as("stopped by SIGTERM").isTrue();
            assertThat(Files.readString(bridge.log())).contains("(daktela-aristotelos-bridge) shutdown in");
        }
    }
}
