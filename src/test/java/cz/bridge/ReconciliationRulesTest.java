package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventKind;
import cz.bridge.reconcile.LastStates;
import cz.bridge.reconcile.Reconciler;
import cz.bridge.simulator.DaktelaSimulator;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Rules of a reconciliation pass (docs/reconciliation.md) that ReconciliationTest's timer-driven passes do not
 * reach: passes run by hand here (the timer waits 10 minutes), with the production grace of 10 s, against the
 * Daktela simulator, each with agents of its own.
 */
@TestPropertySource(properties = {"daktela.reconcile-interval=600s", "bridge.daktela.reconcile-delay=600000",
        "daktela.reconcile-grace=10s"})
class ReconciliationRulesTest extends BridgeIntegrationTest {

    private static final ZoneId PRAGUE = ZoneId.of("Europe/Prague");

    @Autowired
    DaktelaSimulator daktela;

    @Autowired
    Reconciler reconciler;

    @Autowired
    LastStates lastStates;

    @Autowired
    ProducerTemplate producer;

    @AfterEach
    void healthyDaktela() {
        daktela.healthy();
    }

    /** LOGIN counts as READY: an agent whose last accepted state is its login and whom Daktela lists Idle is left alone. */
    @Test
    void anAgentLoggedInAndIdleSinceIsNotRepaired() {
        String user = agent("rules-login");
        Instant login = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        sendAccepted(callbackJson(null, "login", user, null, String.valueOf(login.getEpochSecond())));
        daktela.session(user, "Idle", null, local(login.plusSeconds(200)), null);
        pastTheSecond();
        assertThat(pass(user)).as("Idle after a call, 200 s after the login").isEmpty();
    }

    /** A pause with an empty onpause is timed by its statetime, as one whose onpause is null (the contract: "onpause, else statetime"). */
    @Test
    void aPauseWithAnEmptyOnpauseIsTimedByItsStatetime() {
        String user = agent("rules-onpause");
        readyByCallback(user, Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS));
        LocalDateTime paused = local(Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS));
        daktela.sessionsAnswer(200, "{\"error\":[],\"result\":{\"data\":[{\"id_agent\":{\"name\":\"" + user + "\"},"
                + "\"state\":\"Paused\",\"id_pause\":{\"name\":\"lunch\"},\"statetime\":\"" + paused.toString().replace('T', ' ')
                + "\",\"onpause\":\"\",\"logintime\":null}],\"total\":1}}");
        List<AgentEvent> repairs = pass(user);
        assertThat(repairs).extracting(AgentEvent::kind, AgentEvent::pause).containsExactly(org.assertj.core.groups.Tuple.tuple(EventKind.UNREADY, "lunch"));
        assertThat(repairs.get(0).time().toLocalDateTime()).isEqualTo(paused);
    }

    /**
     * An agent missing from two passes gets a logout; its "missing since" mark, read no more once the logout is
     * stored, expires with the logout (BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER), so that an agent who never comes
     * back leaves nothing in bridge.last-state for ever.
     */
    @Test
    void theMarkOfAnAgentLoggedOutByReconciliationExpiresWithTheLogout() throws Exception {
        String user = agent("rules-mark");
        readyByCallback(user, Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS));
        daktela.logout(user);
        long marked = System.currentTimeMillis();
        assertThat(pass(user)).as("the first pass that misses the agent").isEmpty();
        pastTheSecond();
        List<AgentEvent> logout = pass(user);
        assertThat(logout).extracting(AgentEvent::kind).containsExactly(EventKind.LOGOUT);
        producer.sendBody("direct:store-events", logout);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastStates.find(user).kind() == EventKind.LOGOUT);

        long thirtyDays = Duration.ofDays(30).toMillis();
        assertThat(lastStateExpiration(user)).as("the logout").isGreaterThan(marked + thirtyDays);
        assertThat(lastStateExpiration(MARK_PREFIX + user)).as("the agent's mark")
                .isBetween(marked + thirtyDays, System.currentTimeMillis() + thirtyDays);
    }

    private List<AgentEvent> pass(String user) {
        return reconciler.repairs(reconciler.read()).stream().filter(repair -> repair.user().equals(user)).toList();
    }

    /** The agent's login and ready accepted by callback, and Daktela listing it Idle since then. */
    private void readyByCallback(String user, Instant ready) {
        sendAccepted("[" + callbackJson(null, "login", user, null, String.valueOf(ready.getEpochSecond() - 1)) + ","
                + callbackJson(null, "ready", user, null, String.valueOf(ready.getEpochSecond())) + "]");
        daktela.session(user, "Idle", null, local(ready), null);
        pastTheSecond();
    }

    /**
     * A pass's read is timed in whole seconds, and a state accepted in its second counts as accepted after it began:
     * waits until the clock is in the next second (the state was accepted before this is called).
     */
    private static void pastTheSecond() {
        long accepted = Instant.now().getEpochSecond();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> Instant.now().getEpochSecond() > accepted);
    }

    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, PRAGUE);
    }
}
