package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import cz.bridge.simulator.AristotelosSimulator;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.TestSocketUtils;

/**
 * A backlog with the JVM settings the bridge ships with (jvm.options): AristoTelos is down while
 * 40,000 events arrive in batches, then comes back. With a 128 MB heap, Artemis's default consumer
 * windows and pages, the heap ran full at about 20,000 waiting events (full collections back to back,
 * callbacks unanswered, deliveries stalled; bench/README.md). Here every batch is answered 202, the
 * log has no OutOfMemoryError, and every event reaches AristoTelos, each agent's in order.
 */
class BacklogIT {

    private static final int SENDERS = 4;
    private static final int AGENTS_PER_SENDER = 25;
    private static final int BATCHES_PER_SENDER = 100;
    private static final int BATCH = 100;
    private static final int EVENTS = SENDERS * BATCHES_PER_SENDER * BATCH;

    @TempDir
    Path data;

    private AristotelosSimulator aristotelos;
    private BridgeProcess bridge;

    @AfterEach
    void cleanUp() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (aristotelos != null) {
            aristotelos.close();
        }
    }

    @Test
    void fortyThousandWaitingEventsAreTakenAndAllDeliveredInOrder() throws Exception {
        aristotelos = new AristotelosSimulator(TestSocketUtils.findAvailableTcpPort(), "it-client", "it-client-secret",
                Duration.ofHours(1), List.of("*"), Clock.systemUTC());
        aristotelos.logStates(false);
        // INFO would write two lines per event: 80,000 lines of no interest here
        bridge = new BridgeProcess(data, aristotelos.baseUrl(), Map.of("LOGGING_LEVEL_CZ_BRIDGE", "WARN")).start();

        // AristoTelos is down; each sender has agents of its own, so that each agent's events are sent in order
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<List<Integer>>> answers = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                answers.add(senders.submit(() -> IntStream.range(0, BATCHES_PER_SENDER)
                        .mapToObj(b -> bridge.post(batch(sender, b))).toList()));
            }
            for (Future<List<Integer>> answer : answers) {
                assertThat(answer.get()).as("every batch stored and answered, AristoTelos down").containsOnly(202);
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(bridge.alive()).isTrue();

        aristotelos.start();
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                .until(() -> aristotelos.received().stream().map(ReceivedState::eventId).distinct().count() >= EVENTS);
        Map<String, List<String>> byAgent = aristotelos.received().stream().collect(Collectors.groupingBy(
                ReceivedState::employee, Collectors.mapping(ReceivedState::eventId, Collectors.toList())));
        assertThat(byAgent).hasSize(SENDERS * AGENTS_PER_SENDER);
        byAgent.forEach((agent, ids) -> assertThat(ids)
                .as("agent %s: every event once, in the order sent", agent).isEqualTo(expected(agent)));
        assertThat(Files.readString(bridge.log())).doesNotContain("OutOfMemoryError");
    }

    /** A batch of a sender: its agents in turn, each event numbered by its place in that agent's sequence. */
    private static String batch(int sender, int number) {
        return IntStream.range(0, BATCH).mapToObj(i -> {
            int n = number * BATCH + i;
            String agent = agent(sender, n % AGENTS_PER_SENDER);
            return "{\"id\":\"" + agent + "-" + (n / AGENTS_PER_SENDER) + "\",\"event\":\"unready\",\"user\":\"" + agent
                    + "\",\"pause\":\"lunch\",\"time\":\"2026-11-24 11:30:02\"}";
        }).collect(Collectors.joining(",", "[", "]"));
    }

    private static String agent(int sender, int index) {
        return "backlog-" + sender + "-" + index;
    }

    private static List<String> expected(String agent) {
        return IntStream.range(0, BATCHES_PER_SENDER * BATCH / AGENTS_PER_SENDER).mapToObj(k -> agent + "-" + k).toList();
    }
}
