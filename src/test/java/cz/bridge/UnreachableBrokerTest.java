package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * ARTEMIS_URL names a broker that does not answer: the health endpoint says so on every probe, and the log does not
 * get a stack trace per probe (a load balancer's probe every few seconds filled the log with ~145 lines each).
 */
@ExtendWith(OutputCaptureExtension.class)
class UnreachableBrokerTest {

    @TempDir
    Path data;

    @Test
    void healthShowsTheBrokerDownWithoutAStackTracePerProbe(CapturedOutput output) throws Exception {
        Files.copy(Path.of("mappings.yaml"), data.resolve("mappings.yaml"));
        try (ConfigurableApplicationContext bridge = new SpringApplicationBuilder(BridgeApplication.class).run(
                "--bridge.data-dir=" + data,
                "--bridge.mappings-file=" + data.resolve("mappings.yaml"),
                "--server.port=0",
                "--management.server.port=0",
                "--bridge.artemis-url=tcp://127.0.0.1:1",
                "--bridge.aristotelos.url=http://127.0.0.1:9",
                "--bridge.aristotelos.client-id=client",
                "--bridge.aristotelos.client-secret=client-secret",
                "--bridge.callback.secret=unreachable-broker-test",
                "--bridge.management.password=unreachable-broker-ops")) {
            String port = bridge.getEnvironment().getProperty("local.management.port");
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "admin:unreachable-broker-ops".getBytes(StandardCharsets.UTF_8))).build();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> health = http.send(probe, HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
                assertThat(health.body()).contains("\"jms\":{\"status\":\"DOWN\"").contains("Failed to create session factory");
            }
            assertThat(output.getOut()).doesNotContain("JMS health check failed");
        }
    }
}
