package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Wrong management logins from one address: after ten in a row its logins are refused before the password is checked
 * (429 with Retry-After) until the pause has passed since the last wrong one, the right password included; probes
 * without credentials still get health. Nothing limited guessing before. A context of its own, closed afterwards: the
 * other tests' wrong logins run without the pause.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "bridge.management.failed-login-pause=3s")
class ManagementLoginLimitTest extends BridgeIntegrationTest {

    @Test
    void tenWrongLoginsInARowPauseTheAddressesLogins() {
        assertThat(management("GET", "/actuator/board", null, true).statusCode()).isEqualTo(200);
        for (int i = 0; i < 9; i++) {
            assertThat(management("GET", "/actuator/board", null, "admin:guess" + i).statusCode()).isEqualTo(401);
        }
        // a right login clears the count: nine more wrong ones are still answered 401
        assertThat(management("GET", "/actuator/board", null, true).statusCode()).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            assertThat(management("GET", "/actuator/board", null, "admin:again" + i).statusCode()).as("guess %d", i).isEqualTo(401);
        }
        HttpResponse<String> refused = management("GET", "/actuator/board", null, true);
        assertThat(refused.statusCode()).as("the right password too, from this address").isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 3));
        assertThat(refused.body()).contains("10 wrong logins in a row from this address");
        assertThat(management("GET", "/actuator/health", null, false).statusCode()).as("a probe without credentials").isEqualTo(200);
        // a guess during the pause is not checked, so it does not make the pause longer
        assertThat(management("GET", "/actuator/board", null, "admin:during").statusCode()).isEqualTo(429);
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(500))
                .until(() -> management("GET", "/actuator/board", null, true).statusCode() == 200);
        // and the count starts again
        assertThat(management("GET", "/actuator/board", null, "admin:after").statusCode()).isEqualTo(401);
        assertThat(management("GET", "/actuator/board", null, true).statusCode()).isEqualTo(200);
    }
}
