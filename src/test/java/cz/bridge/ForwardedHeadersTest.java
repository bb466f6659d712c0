package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * On Kubernetes, which Spring Boot detects from the KUBERNETES_SERVICE_HOST every pod has, it read X-Forwarded-For from
 * any private address on both ports: each wrong management login could name another address there, so the pause after
 * ten in a row never came, and ten naming the address of Prometheus paused its scrapes (a review of the management
 * port). The bridge reads no forwarded headers (server.forward-headers-strategy=none). A context of its own: Kubernetes.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {"spring.main.cloud-platform=kubernetes", "bridge.management.failed-login-pause=3s"})
class ForwardedHeadersTest extends BridgeIntegrationTest {

    @Test
    void wrongLoginsNamingOtherAddressesCountForTheirSender() {
        for (int i = 0; i < 10; i++) {
            assertThat(login("admin:guess" + i, "10.1.2." + i).statusCode()).as("guess %d", i).isEqualTo(401);
        }
        assertThat(login("admin:admin", "10.9.9.9").statusCode()).as("the sender's own address, whatever it names").isEqualTo(429);
        assertThat(login("admin:admin", null).statusCode()).isEqualTo(429);
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(500)).until(() -> login("admin:admin", null).statusCode() == 200);
    }

    private HttpResponse<String> login(String credentials, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/board"))
                .timeout(Duration.ofSeconds(30)).GET()
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes()));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return exchange(request, "management login");
    }
}
