package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the Docker image promises where it runs, read from the Dockerfile (the image itself is not built in the tests). */
class DockerfileTest {

    /**
     * USER bridge: Kubernetes's runAsNonRoot (the "restricted" pod security profile) refuses a container whose user is a
     * name, as it cannot tell that it is not root ("image has non-numeric user"). A review of the bridge's lifecycle.
     */
    @Test
    void theImageRunsAsANumericUserThatIsNotRoot() throws Exception {
        String user = Files.readAllLines(Path.of("Dockerfile")).stream().filter(line -> line.startsWith("USER "))
                .reduce((first, last) -> last).orElseThrow();
        assertThat(user).matches("USER [1-9][0-9]*(:[0-9]+)?");
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("--uid " + user.substring(5).split(":")[0] + " ");
    }

    /**
     * The health check probes the management port where the bridge serves it: given as MANAGEMENT_SERVER_PORT (Spring's
     * own name, which wins over MANAGEMENT_PORT) or on one interface's address, the container stayed "unhealthy" for ever,
     * restarted in a loop by an orchestrator, nothing saying why (review 29). Its command run by sh with a curl that
     * prints the address it was given.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MANAGEMENT_ADDRESS=0.0.0.0                                  | http://127.0.0.1:9090/actuator/health/liveness",
            "MANAGEMENT_ADDRESS=0.0.0.0 MANAGEMENT_SERVER_PORT=9191      | http://127.0.0.1:9191/actuator/health/liveness",
            "MANAGEMENT_PORT=9292 MANAGEMENT_SERVER_PORT=9191           | http://127.0.0.1:9191/actuator/health/liveness",
            "MANAGEMENT_PORT=9292                                        | http://127.0.0.1:9292/actuator/health/liveness",
            "MANAGEMENT_ADDRESS=10.1.2.3                                 | http://10.1.2.3:9090/actuator/health/liveness",
            "MANAGEMENT_ADDRESS=0.0.0.0 MANAGEMENT_SERVER_ADDRESS=fd00::7 | http://[fd00::7]:9090/actuator/health/liveness",
            "MANAGEMENT_ADDRESS=::                                       | http://127.0.0.1:9090/actuator/health/liveness",
            "MANAGEMENT_ADDRESS=[::1]                                    | http://[::1]:9090/actuator/health/liveness"})
    void theHealthCheckProbesTheManagementPortWhereTheBridgeServesIt(String variables, String probed, @TempDir Path bin) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
        int at = lines.indexOf(lines.stream().filter(line -> line.startsWith("HEALTHCHECK ")).findFirst().orElseThrow());
        String command = lines.get(at + 1).strip();
        assertThat(command).startsWith("CMD ");
        Path curl = bin.resolve("curl");
        Files.writeString(curl, "#!/bin/sh\necho \"$2\"\n");
        curl.toFile().setExecutable(true);
        ProcessBuilder sh = new ProcessBuilder("sh", "-c", command.substring(4)).redirectErrorStream(true);
        sh.environment().keySet().removeIf(name -> name.startsWith("MANAGEMENT_"));
        sh.environment().put("PATH", bin + ":/usr/bin:/bin");
        for (String variable : variables.strip().split(" +")) {
            sh.environment().put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
        }
        Process probe = sh.start();
        String output = new String(probe.getInputStream().readAllBytes()).strip();
        assertThat(probe.waitFor()).as(output).isZero();
        assertThat(output).isEqualTo(probed);
    }
}
