package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import ch.qos.logback.classic.Level;
import cz.bridge.simulator.AristotelosSimulator;
import cz.bridge.simulator.DaktelaSimulator;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.test.util.TestSocketUtils;

/**
 * Scaling past one machine: a standalone Artemis broker on loopback, two bridge instances
 * on it behind "one URL" (the test spreads callbacks over both, as a load balancer would),
 * one instance killed half-way. Every accepted event is delivered, each agent's in order; an
 * event resent to the other instance is a duplicate.
 */
class TwoInstancesOneBrokerIT {

    @TempDir
    Path work;

    private EmbeddedActiveMQ broker;
    private AristotelosSimulator aristotelos;
    private final List<BridgeProcess> bridges = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (BridgeProcess bridge : bridges) {
            bridge.close();
        }
        if (aristotelos != null) {
            aristotelos.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    private String startBroker() throws Exception {
        int port = TestSocketUtils.findAvailableTcpPort();
        Path dir = Files.createDirectories(work.resolve("broker"));
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setMaxDiskUsage(100)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        // what the README asks of an external broker: never give up on a message, redeliver at once,
        // and remember the ids of 48 h of events in the journal
        config.addAddressSetting("bridge.#", new AddressSettings().setMaxDeliveryAttempts(-1).setRedeliveryDelay(0));
        // and the last state per agent as a last-value queue (docs/reconciliation.md)
        config.addAddressSetting("bridge.last-state", new AddressSettings().setDefaultLastValueQueue(true));
        config.setIDCacheSize(200_000).setPersistIDCache(true);
        // its audit log off, as the bridge's own broker has it (application.yml): on, Artemis 2.40 asks
        // Subject.getSubject for the caller as it starts, which Java 25 no longer supports, and the start fails
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.activemq.audit")).setLevel(Level.WARN);
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        return "tcp://127.0.0.1:" + port;
    }

    private static String event(String user, int step) {
        String[] kinds = {"login", "ready", "unready", "ready"};
        String kind = kinds[step % kinds.length];
        return "{\"id\":\"" + user + "-" + step + "\",\"event\":\"" + kind + "\",\"user\":\"" + user + "\""
                + (kind.equals("unready") ? ",\"pause\":\"dnd\"" : "") + ",\"time\":" + (1_795_507_200L + step) + "}";
    }

    /** The broker, AristoTelos and two bridge instances on that broker, started. */
    private List<BridgeProcess> twoInstances() throws Exception {
        return twoInstances(Map.of());
    }

    private List<BridgeProcess> twoInstances(Map<String, String> extraEnv) throws Exception {
        String brokerUrl = startBroker();
        aristotelos = new AristotelosSimulator(TestSocketUtils.findAvailableTcpPort(), "it-client", "it-client-secret",
                Duration.ofHours(1), List.of("*"), Clock.systemUTC());
        aristotelos.logStates(false);
        aristotelos.latency(Duration.ofMillis(5));
        aristotelos.start();
        Map<String, String> external = new java.util.HashMap<>(extraEnv);
        external.put("ARTEMIS_URL", brokerUrl);
        // what only the embedded broker keeps in the heap, far beyond jvm.options' heap: not counted against it here
        external.put("BRIDGE_STORAGE_MEMORY", "4GB");
        BridgeProcess a = new BridgeProcess(Files.createDirectories(work.resolve("a")), aristotelos.baseUrl(), external);
        BridgeProcess b = new BridgeProcess(Files.createDirectories(work.resolve("b")), aristotelos.baseUrl(), external);
        bridges.add(a);
        bridges.add(b);
        a.start();
        b.start();
        // README: BRIDGE_DATA_DIR is unused with ARTEMIS_URL; no embedded broker beside the external one
        assertThat(work.resolve("a/artemis")).as("an embedded broker's journal in instance a's data directory").doesNotExist();
        assertThat(work.resolve("b/artemis")).as("an embedded broker's journal in instance b's data directory").doesNotExist();
        return List.of(a, b);
    }

    /**
     * Both instances reconcile against one Daktela every second: a missed pause and a missed logout
     * are each repaired, and delivered, once (the same derived id; the broker refuses the second;
     * the logout's time comes from the shared "missing since" mark): each agent gets exactly its two
     * callbacks, then the repair of what it missed (the pause with its reason and Daktela's time, or the
     * logout timed at the first read that missed it), nothing twice; an unchanged agent gets nothing.
     */
    @Test
    void bothInstancesReconcileEachRepairDeliveredOnce() throws Exception {
        try (DaktelaSimulator daktela = new DaktelaSimulator("it-daktela-token")) {
            List<BridgeProcess> instances = twoInstances(Map.of("DAKTELA_URL", daktela.url(),
                    "DAKTELA_ACCESS_TOKEN", "it-daktela-token", "DAKTELA_RECONCILE_INTERVAL", "1s",
                    "DAKTELA_RECONCILE_GRACE", "1s"));
            ZoneId prague = ZoneId.of("Europe/Prague");
            Instant ready = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
            List<String> agents = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String agent = "recon-agent-" + i;
                agents.add(agent);
                String batch = "[{\"id\":\"" + agent + "-in\",\"event\":\"login\",\"user\":\"" + agent + "\",\"time\":"
                        + (ready.getEpochSecond() - 1) + "},{\"id\":\"" + agent + "-ready\",\"event\":\"ready\",\"user\":\""
                        + agent + "\",\"time\":" + ready.getEpochSecond() + "}]";
                assertThat(instances.get(i % 2).post(batch)).isEqualTo(202);
                daktela.session(agent, "Idle", null, LocalDateTime.ofInstant(ready, prague), null);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> agents.stream().allMatch(a -> aristotelos.receivedFor(a).size() == 2));
            // missed callbacks: agents 0-9 paused, 10-14 logged out
            Instant paused = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                daktela.session(agents.get(i), "Paused", "dnd", LocalDateTime.ofInstant(paused, prague), LocalDateTime.ofInstant(paused, prague));
            }
            Instant loggedOut = Instant.now();
            for (int i = 10; i < 15; i++) {
                daktela.logout(agents.get(i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> agents.stream().limit(15).allMatch(a -> aristotelos.receivedFor(a).size() >= 3));
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() ->
                    agents.stream().limit(15).allMatch(a -> aristotelos.receivedFor(a).size() == 3)
                            && agents.stream().skip(15).allMatch(a -> aristotelos.receivedFor(a).size() == 2));
            List<String> repairIds = new ArrayList<>();
            for (int i = 0; i < agents.size(); i++) {
                String agent = agents.get(i);
                List<ReceivedState> got = aristotelos.receivedFor(agent);
                assertThat(got).extracting(ReceivedState::eventId).as("%s: no event twice", agent).doesNotHaveDuplicates();
                // the two callbacks, as sent, with their own times
                assertThat(got.subList(0, 2)).extracting(ReceivedState::eventId, ReceivedState::stateCode, r -> instant(r))
                        .as("%s: the callbacks", agent).containsExactly(
                                org.assertj.core.groups.Tuple.tuple(agent + "-in", "Login", ready.minusSeconds(1)),
                                org.assertj.core.groups.Tuple.tuple(agent + "-ready", "Ready", ready));
                if (i >= 15) {
                    continue; // unchanged at Daktela: nothing repaired (size 2, above)
                }
                ReceivedState repair = got.get(2);
                // derived, as a repair's id is (the callbacks have ids of their own, checked above)
                assertThat(repair.eventId()).as("%s: a repair", agent).startsWith("d-");
                repairIds.add(repair.eventId());
                if (i < 10) {
                    // the missed pause, with its reason and Daktela's time for it
                    assertThat(repair.stateCode()).as(agent).isEqualTo("NotReady");
                    assertThat(repair.reasonCode()).as(agent).isEqualTo("dnd");
                    assertThat(repair.reasonId()).as(agent).isEqualTo(2);
                    assertThat(instant(repair)).as("%s: the pause's time at Daktela", agent).isEqualTo(paused);
                } else {
                    // the missed logout, timed at the first read that missed the agent (a pass a second)
                    assertThat(repair.stateCode()).as(agent).isEqualTo("Logout");
                    assertThat(instant(repair)).as("%s: the logout's time", agent)
                            .isBetween(loggedOut.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1), loggedOut.plusSeconds(10));
                }
            }
            assertThat(repairIds).as("one repair per agent, each its own").doesNotHaveDuplicates().hasSize(15);
            // both instances reconciled (a second instance with reconciliation off passed the checks above too), and
            // the two stored each repair once between them
            double stored = 0;
            for (BridgeProcess instance : instances) {
                String metrics = instance.management("/actuator/prometheus", null).body();
                assertThat(sum(metrics, "bridge_reconcile_passes_total\\{[^}]*result=\"ok\"[^}]*}"))
                        .as("good passes of the instance on port %s", instance.port()).isGreaterThanOrEqualTo(5);
                stored += sum(metrics, "bridge_reconcile_repairs_total\\{[^}]*}");
            }
            // once each; or, stored by both in the same instant (the broker checks a duplicate id at the send and records it
            // at the commit: docs/reconciliation.md), twice, the second skipped by the delivery with a line saying so
            long skipped = 0;
            for (BridgeProcess instance : instances) {
                skipped += java.nio.file.Files.readAllLines(instance.log()).stream()
                        .filter(line -> line.contains("was delivered just before (stored twice at the same moment)")).count();
            }
            assertThat(stored).as("repairs stored by the two instances, %d of them twice and skipped", skipped).isEqualTo(15 + skipped);
        }
    }

    /** The sum of the Prometheus samples whose name and labels match. */
    private static double sum(String metrics, String sample) {
        java.util.regex.Matcher values = java.util.regex.Pattern.compile("(?m)^" + sample + " ([0-9.eE+-]+)$").matcher(metrics);
        double sum = 0;
        while (values.find()) {
            sum += Double.parseDouble(values.group(1));
        }
        return sum;
    }

    private static Instant instant(ReceivedState state) {
        return java.time.OffsetDateTime.parse(state.timestamp()).toInstant();
    }

    /** Daktela's resend reaches the other instance (a load balancer's choice): the broker knows the id. */
    @Test
    void aResendToTheOtherInstanceIsADuplicateAndDeliveredOnce() throws Exception {
        List<BridgeProcess> instances = twoInstances();
        BridgeProcess a = instances.get(0);
        BridgeProcess b = instances.get(1);
        String agent = "resent-agent";

        assertThat(a.post(event(agent, 0))).isEqualTo(202);
        HttpResponse<String> resent = b.send(event(agent, 0));
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
        assertThat(resent.body()).contains("\"status\":\"duplicate\"");
        // a batch of the stored event and a new one, to B: the new one is stored, the other is a duplicate
        HttpResponse<String> batch = b.send("[" + event(agent, 0) + "," + event(agent, 1) + "]");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        assertThat(batch.body()).contains("\"ids\":[\"" + agent + "-1\"]").contains("\"duplicates\":[\"" + agent + "-0\"]");
        assertThat(a.post(event(agent, 1))).as("and back to A").isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> aristotelos.receivedFor(agent).size() >= 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(aristotelos.receivedFor(agent)).extracting(ReceivedState::eventId)
                        .as("each event delivered once").containsExactly(agent + "-0", agent + "-1"));
    }

    @Test
    void thousandEventsForFiftyAgentsSurviveTheLossOfOneInstance() throws Exception {
        List<BridgeProcess> instances = twoInstances();
        BridgeProcess a = instances.get(0);
        BridgeProcess b = instances.get(1);

        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            agents.add("scale-agent-" + i);
        }
        int steps = 20;
        int resentToOther = 0;
        for (int step = 0; step < steps; step++) {
            if (step == steps / 2) {
                a.kill();
            }
            for (int i = 0; i < agents.size(); i++) {
                String event = event(agents.get(i), step);
                BridgeProcess target = (i + step) % 2 == 0 ? a : b;
                int status = target.post(event);
                if (status != 202) {
                    // the load balancer's part: an instance that does not answer gets no more traffic
                    assertThat(target).as("only the killed instance may fail, got %d", status).isSameAs(a);
                    status = b.post(event);
                    resentToOther++;
                }
                assertThat(status).as("accepted %s", event).isEqualTo(202);
            }
        }
        assertThat(resentToOther).as("half of the second half went to the killed instance first").isGreaterThan(0);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                agents.stream().allMatch(agent -> distinctEventIds(agent).size() == steps));
        for (String agent : agents) {
            List<String> expected = new ArrayList<>();
            for (int step = 0; step < steps; step++) {
                expected.add(agent + "-" + step);
            }
            assertThat(distinctEventIds(agent)).as("agent %s in order", agent).isEqualTo(expected);
            // a repeat comes only before the agent's later events: an older state redelivered after the newest would
            // leave AristoTelos showing it, which the first arrivals above do not see (a review of the tests, 2026-12-06)
            List<ReceivedState> got = aristotelos.receivedFor(agent);
            assertThat(got.get(got.size() - 1).eventId()).as("agent %s: the last state AristoTelos got", agent)
                    .isEqualTo(agent + "-" + (steps - 1));
        }
    }

    /** At-least-once: a redelivery after the kill may repeat an event; its first arrival fixes the order. */
    private List<String> distinctEventIds(String agent) {
        return new ArrayList<>(new LinkedHashSet<>(aristotelos.receivedFor(agent).stream().map(ReceivedState::eventId).toList()));
    }
}
