package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

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
}
