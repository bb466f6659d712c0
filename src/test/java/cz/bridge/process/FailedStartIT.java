package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.TestSocketUtils;

/**
 * A start that fails ends the process with status 1, so that a supervisor (Docker, systemd) restarts
 * it or reports it. A failure while Camel starts its routes (here: the demo AristoTelos simulator's
 * port is taken) left threads behind that kept a process without a port alive for good.
 */
class FailedStartIT {

    @TempDir
    Path work;

    @Test
    void aStartThatFailsWhileCamelStartsEndsTheProcess() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BridgeProcess bridge = new BridgeProcess(work.resolve("data"), null, Map.of(
                    "BRIDGE_SIMULATOR_PORT", Integer.toString(taken.getLocalPort()),
                    "BRIDGE_DAKTELASIMULATOR_PORT", Integer.toString(TestSocketUtils.findAvailableTcpPort())));
            try {
                assertThatThrownBy(bridge::start).hasMessageContaining("the bridge exited with 1");
                assertThat(Files.readString(bridge.log())).contains("Address already in use");
            } finally {
                bridge.close();
            }
        }
    }
}
