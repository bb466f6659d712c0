package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import cz.bridge.reconcile.Reconciler;
import cz.bridge.simulator.DaktelaSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * One reconciliation pass over 5,000 logged-in agents (5 pages of 1,000 from the Daktela
 * simulator, 5,000 last states browsed from bridge.last-state), all of them as the bridge knows
 * them: it takes well under the default interval of 60 s and repairs nothing. Prints its time and
 * the bytes it allocated (docs/benchmark.md).
 */
@TestPropertySource(properties = {"daktela.reconcile-interval=600s", "bridge.daktela.reconcile-delay=600000"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // closed afterwards: its timer would run passes over its 5,000 agents while the later test classes run
class ReconciliationPassTest extends BridgeIntegrationTest {

    @Autowired
    DaktelaSimulator daktela;

    @Autowired
    Reconciler reconciler;


    @Test
    void aPassOverFiveThousandAgents() {
        int agents = 5000;
        ZoneId prague = ZoneId.of("Europe/Prague");
        Instant ready = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        List<String> users = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < agents; i++) {
            String user = String.format("pass-agent-%05d", i);
            users.add(user);
            daktela.session(user, "Idle", null, LocalDateTime.ofInstant(ready, prague), null);
            batch.append(batch.length() == 0 ? "[" : ",").append("{\"event\":\"ready\",\"user\":\"").append(user)
                    .append("\",\"time\":").append(ready.getEpochSecond()).append("}");
            if ((i + 1) % 100 == 0) {
                var response = postJson(batch.append("]").toString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                batch.setLength(0);
            }
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> simulator.received().size() >= agents);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] millis = new long[5];
        long[] bytes = new long[5];
        for (int run = 0; run < millis.length; run++) {
            long allocated = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            Reconciler.Read read = reconciler.read();
            var repairs = reconciler.repairs(read);
            millis[run] = (System.nanoTime() - start) / 1_000_000;
            bytes[run] = threads.getCurrentThreadAllocatedBytes() - allocated;
            assertThat(read.states()).hasSize(agents);
            assertThat(repairs).as("every agent is as the bridge knows it").isEmpty();
        }
        long pages = daktela.requests().stream().filter(r -> r.path().endsWith("realtimeSessions.json")).count();
        System.out.printf("RECONCILIATION PASS over %d agents: %s ms (runs 1-5), allocated %s MB per pass, %d page requests in all%n",
                agents, java.util.Arrays.toString(millis), java.util.Arrays.stream(bytes).mapToObj(b -> String.valueOf(b / 1_000_000))
                        .toList(), pages);
        assertThat(pages).isEqualTo(5L * millis.length);
        assertThat(millis[millis.length - 1]).as("well under the default interval of 60 s").isLessThan(10_000);
    }
}
