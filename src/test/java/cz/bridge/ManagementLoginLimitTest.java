package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
        // a guess during the pause is not checked (that it does not make the pause longer: FailedLoginsTest, on a clock
        // of its own; here it needed a request to land in a half-second window and the pause's end within 1.8 s)
        assertThat(management("GET", "/actuator/board", null, "admin:during").statusCode()).isEqualTo(429);
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                .until(() -> management("GET", "/actuator/board", null, true).statusCode() == 200);
        // and the count starts again
        assertThat(management("GET", "/actuator/board", null, "admin:after").statusCode()).isEqualTo(401);
        assertThat(management("GET", "/actuator/board", null, true).statusCode()).isEqualTo(200);
    }

    /**
     * Guesses sent at once: each was let through before any of them was counted, so an address had as many guesses per
     * pause as the management port has threads (found by a concurrency review). Now at most ten are checked.
     */
    @Test
    void wrongLoginsSentAtOnceAreCheckedAtMostTen() throws Exception {
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(500))
                .until(() -> management("GET", "/actuator/board", null, true).statusCode() == 200);
        ExecutorService guessers = Executors.newFixedThreadPool(40);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 40; i++) {
                String guess = "admin:par" + i;
                answers.add(guessers.submit(() -> {
                    start.await();
                    return management("GET", "/actuator/board", null, guess).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(401, 429);
            assertThat(statuses.stream().filter(s -> s == 401).count()).as("guesses checked: %s", statuses).isBetween(1L, 10L);
        } finally {
            guessers.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(500))
                .until(() -> management("GET", "/actuator/board", null, true).statusCode() == 200);
    }

    /**
     * A request for another host's name (DNS rebinding) or one another site's page sent (the operator's stale cached
     * login) is refused before its login is checked: eleven of each, then still ten wrong logins before the pause.
     */
    @Test
    void refusalsForTheHostOrTheSiteAreNotCountedAsWrongLogins() throws Exception {
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(500))
                .until(() -> management("GET", "/actuator/board", null, true).statusCode() == 200);
        for (int i = 0; i < 11; i++) {
            assertThat(rawGet("rebind.evil.example:" + managementPort, "/actuator/board", "admin:guess" + i)).isEqualTo("HTTP/1.1 421 ");
            HttpRequest.Builder image = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/board"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:stale" + i).getBytes()))
                    .header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "no-cors").header("Sec-Fetch-Dest", "image");
            assertThat(exchange(image, "another site's image").statusCode()).isEqualTo(403);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(management("GET", "/actuator/board", null, "admin:counted" + i).statusCode()).as("wrong login %d", i).isEqualTo(401);
        }
        assertThat(management("GET", "/actuator/board", null, true).statusCode()).as("after ten counted ones").isEqualTo(429);
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(500))
                .until(() -> management("GET", "/actuator/board", null, true).statusCode() == 200);
    }
}
