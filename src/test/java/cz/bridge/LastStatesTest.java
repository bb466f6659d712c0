package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import cz.bridge.config.SharedNames;
import cz.bridge.reconcile.LastStates;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reconciliation's store (the last-value queue bridge.last-state, the running bridge's broker): an
 * agent's "missing since" mark and another agent's last state never share a key, whatever the
 * agents are called; a mark an older version stored is still read.
 */
class LastStatesTest extends BridgeIntegrationTest {

    @Autowired
    LastStates lastStates;

    @Autowired
    cz.bridge.reconcile.LastStateQueueCheck check;

    private static final OffsetDateTime SINCE = OffsetDateTime.parse("2026-11-24T10:00:00+01:00");

    @Test
    void anAgentNamedLikeAnotherAgentsMarkKeepsItsStateAndTheOtherItsMark() {
        String bob = agent("bob");
        // a name the intake takes, shaped like the key a mark of bob's could have
        String namesake = "missing:" + bob;
        sendAccepted(callbackJson(null, "login", namesake, null, "1795507200"));
        sendAccepted(callbackJson(null, "login", bob, null, "1795507200"));

        lastStates.mark(bob, SINCE);
        LastStates.Snapshot store = lastStates.browse();
        assertThat(store.last()).containsKeys(bob, namesake);
        assertThat(store.missingSince()).containsEntry(bob, SINCE).doesNotContainKey(namesake);
        assertThat(lastStates.find(namesake)).as("the namesake's state, looked up by its key").isNotNull();

        // the namesake's next state leaves bob's mark alone
        sendAccepted(callbackJson(null, "ready", namesake, null, "1795507260"));
        store = lastStates.browse();
        assertThat(store.missingSince()).containsEntry(bob, SINCE);
        assertThat(store.last().get(namesake).kind().name()).isEqualTo("READY");
    }

    @Test
    void aClearedMarkNoLongerCountsAndANewOneDoes() {
        String carol = agent("carol");
        lastStates.mark(carol, SINCE);
        assertThat(lastStates.browse().missingSince()).containsEntry(carol, SINCE);

        lastStates.mark(carol, null);
        assertThat(lastStates.browse().missingSince()).doesNotContainKey(carol);

        OffsetDateTime later = SINCE.plusMinutes(5);
        lastStates.mark(carol, later);
        assertThat(lastStates.browse().missingSince()).containsEntry(carol, later);
    }

    /** The embedded broker keeps bridge.last-state as a last-value queue: the start's check finds so (LastStateQueueCheckTest: a broker that does not). */
    @Test
    void theStartFindsTheEmbeddedBrokersLastStateQueueALastValueQueue() {
        assertThat(check.lastValue()).isTrue();
        var health = management("GET", "/actuator/health/readiness", null, true);
        assertThat(health.body()).contains("\"lastStateQueue\":{\"status\":\"UP\",\"details\":{\"lastValueQueue\":true}}");
    }

    /**
     * Before the first event the queue does not exist and the start's check reads the address setting that will
     * make it; once it exists, the queue's own answer: a last-value queue either way.
     */
    @Test
    void theQueueOnceCreatedAnswersForItself() {
        lastStates.mark("lvq-check-agent", null);
        int exists = jms.browse(SharedNames.LAST_STATE_QUEUE, (session, browser) -> browser.getEnumeration().hasMoreElements() ? 1 : 0);
        assertThat(exists).as("the queue holds the mark just written").isEqualTo(1);
        assertThat(lastStates.notALastValueQueue()).isFalse();
    }
}
