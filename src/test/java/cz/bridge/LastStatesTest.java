package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import cz.bridge.config.SharedNames;
import cz.bridge.reconcile.LastStates;
import jakarta.jms.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jms.core.JmsTemplate;

/**
 * Reconciliation's store (the last-value queue bridge.last-state, the running bridge's broker): an
 * agent's "missing since" mark and another agent's last state never share a key, whatever the
 * agents are called; a cleared mark clears on a queue that keeps every message too; a logged-out
 * agent's state and a mark expire (BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER, 30 days here), and the broker
 * drops what expired.
 */
@ExtendWith(OutputCaptureExtension.class)
class LastStatesTest extends BridgeIntegrationTest {

    @Autowired
    LastStates lastStates;

    @Autowired
    cz.bridge.reconcile.LastStateQueueCheck check;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry registry;

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

    /**
     * Every user name a callback gave keeps a last state, and a pass read them all into the heap: with a leaked callback
     * secret, made-up names ran the heap out, at the first pass after each start again. A pass reads at most so many
     * (50,000 in the bridge; 3 here) and fails saying why, as a pass that cannot read the queue does.
     */
    @Test
    void aPassReadsAtMostSoManyEntriesAndSaysWhyItStopped() {
        for (int i = 0; i < 4; i++) {
            sendAccepted(callbackJson(null, "login", agent("many-" + i), null, "1795507200"));
        }
        LastStates few = new LastStates(lastStates.jms(), lastStates.forgotten(), lastStates.codec(), lastStates.guard(), 3);
        assertThatThrownBy(few::browse).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("bridge.last-state holds more than 3 agents' last states and marks, more than a pass reads")
                .hasMessageContaining("DAKTELA_CALLBACK_SECRET")
                .hasMessageContaining("To empty it now: Artemis's removeAllMessages on the queue bridge.last-state");
        assertThat(lastStates.browse().last()).as("the bridge's own limit").hasSizeGreaterThanOrEqualTo(4);
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

    /**
     * Only what means "nothing to compare with", or soon will, expires: a LOGOUT (stored by a callback or
     * restored) and a mark, set (read only until the agent's logout is stored) or cleared, after the setting's
     * 30 days; any other state is kept.
     */
    @Test
    void aLoggedOutAgentsStateAndAMarkExpireAfterTheSettingAndNothingElseDoes() {
        String ready = agent("stays"), gone = agent("gone"), missed = agent("missed");
        long sent = System.currentTimeMillis();
        sendAccepted(callbackJson(null, "ready", ready, null, "1795507200"));
        sendAccepted(callbackJson(null, "login", gone, null, "1795507200"));
        sendAccepted(callbackJson(null, "logout", gone, null, "1795507260"));
        lastStates.mark(missed, SINCE);
        assertThat(lastStateExpiration(ready)).as("a READY state").isZero();

        long thirtyDays = Duration.ofDays(30).toMillis();
        assertThat(lastStateExpiration(MARK_PREFIX + missed)).as("a set mark")
                .isBetween(sent + thirtyDays, System.currentTimeMillis() + thirtyDays);
        assertThat(lastStateExpiration(gone)).as("a LOGOUT stored by a callback")
                .isBetween(sent + thirtyDays, System.currentTimeMillis() + thirtyDays);
        assertThat(lastStates.find(gone).kind().name()).isEqualTo("LOGOUT");
        lastStates.mark(missed, null);
        assertThat(lastStateExpiration(MARK_PREFIX + missed)).as("a cleared mark")
                .isBetween(sent + thirtyDays, System.currentTimeMillis() + thirtyDays);
        lastStates.restore(lastStates.find(gone));
        assertThat(lastStateExpiration(gone)).as("a LOGOUT put back").isBetween(sent + thirtyDays, System.currentTimeMillis() + thirtyDays);
        lastStates.restore(lastStates.find(ready));
        assertThat(lastStateExpiration(ready)).as("a READY put back").isZero();
    }

    /**
     * On a broker whose queue keeps every message (not a last-value queue: the start reports it, and the bridge
     * runs degraded) the set mark and the one that clears it are both browsed, in the order sent: the agent is
     * no longer missed, as on the last-value queue. Here a plain queue of the embedded broker stands for it.
     */
    @Test
    void onAQueueThatKeepsEveryMessageAClearedMarkStillClears() {
        String plainQueue = "test.last-state-not-lvq";
        JmsTemplate plain = new JmsTemplate(jms.getConnectionFactory()) {
            @Override
            public void send(String queue, org.springframework.jms.core.MessageCreator creator) {
                super.send(plainQueue, creator);
            }

            @Override
            public <T> T browse(String queue, org.springframework.jms.core.BrowserCallback<T> action) {
                return super.browse(plainQueue, action);
            }
        };
        LastStates onPlainQueue = new LastStates(plain, plain, lastStates.codec(), lastStates.guard());
        String back = agent("back"), away = agent("away");
        onPlainQueue.mark(back, SINCE);
        onPlainQueue.mark(away, SINCE);
        onPlainQueue.mark(back, null);
        assertThat(onPlainQueue.browse().missingSince()).as("missing agents").containsOnlyKeys(away);
    }

    /**
     * What expires is dropped, not moved to the broker's catch-all ExpiryQueue (which would then keep
     * every agent instead), and without the broker's warning that it drops messages.
     */
    @Test
    void theBrokerDropsAnExpiredLastStateQuietly(CapturedOutput output) throws Exception {
        String key = agent("expired");
        Queue lastState = broker.getActiveMQServer().locateQueue(SimpleString.of(SharedNames.LAST_STATE_QUEUE));
        Queue expiryQueue = broker.getActiveMQServer().locateQueue(SimpleString.of("ExpiryQueue"));
        long expiredBefore = lastState.getMessagesExpired();
        long inExpiryQueue = expiryQueue == null ? 0 : expiryQueue.getMessagesAdded();
        double before = lastStatesGauge();
        // long enough to see it counted first: the broker updates its counts on the queue's own thread, after the send
        // has returned (a 1 ms life read the count too early or too late, now and then)
        JmsTemplate shortLived = new JmsTemplate(jms.getConnectionFactory());
        shortLived.setExplicitQosEnabled(true);
        shortLived.setTimeToLive(3000);
        shortLived.send(SharedNames.LAST_STATE_QUEUE, session -> {
            Message message = session.createTextMessage("{}");
            message.setStringProperty(LastStates.LVQ_KEY, key);
            return message;
        });
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> assertThat(lastStatesGauge())
                .as("the gauge of the last states kept, with the new one").isEqualTo(before + 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            lastState.expireReferences();
            return lastState.getMessagesExpired() > expiredBefore;
        });
        assertThat(keys()).doesNotContain(key);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lastStatesGauge())
                .as("the gauge of the last states kept, once it expired").isEqualTo(before));
        assertThat(management("GET", "/actuator/prometheus", null, true).body())
                .contains("# HELP bridge_last_states Agents' last states").contains("bridge_last_states{application=")
                .contains("# HELP bridge_queue_depth Events in a queue: waiting");
        assertThat(expiryQueue == null ? 0 : expiryQueue.getMessagesAdded()).as("moved to ExpiryQueue").isEqualTo(inExpiryQueue);
        assertThat(output.getAll()).doesNotContain("AMQ222147").doesNotContain("AMQ222146");
    }

    private double lastStatesGauge() {
        return registry.get("bridge.last.states").gauge().value();
    }

    private List<String> keys() {
        return jms.browse(SharedNames.LAST_STATE_QUEUE, (session, browser) -> {
            List<String> keys = new java.util.ArrayList<>();
            var messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                keys.add(((Message) messages.nextElement()).getStringProperty(LastStates.LVQ_KEY));
            }
            return keys;
        });
    }
}
