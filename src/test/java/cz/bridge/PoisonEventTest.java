package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventCodec;
import cz.bridge.intake.EventKind;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.ActiveMQAddressFullException;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.impl.AckReason;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Events already stored that cannot be delivered, read or even parked (issue 10, finding 3):
 * each settles after a bounded number of attempts, logged a line per attempt at most, and
 * the other agents' events keep flowing meanwhile.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // closed afterwards: its tests weave processors into the delivery and parking routes
class PoisonEventTest extends BridgeIntegrationTest {

    private static final String TIME = "2026-11-24T10:00:00+01:00";

    @Autowired
    private EventCodec codec;

    @Autowired
    private EmbeddedActiveMQ broker;

    @Value("${bridge.delivery.max-delivery-attempts:10}")
    private int maxDeliveryAttempts;

    /**
     * Stores the text as the intake would, bypassing its checks: an event from an older version, or a damaged one.
     * Returns the broker's message id, the one name Camel's own lines on a failed try give the event.
     */
    private String store(String user, String text) {
        AtomicReference<Message> sent = new AtomicReference<>();
        jms.send("bridge.events", session -> {
            TextMessage message = session.createTextMessage(text);
            message.setStringProperty("JMSXGroupID", user);
            sent.set(message);
            return message;
        });
        try {
            return sent.get().getJMSMessageID();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private String eventJson(String id, String user, EventKind kind, String pause) {
        OffsetDateTime time = OffsetDateTime.parse(TIME);
        return codec.toJson(new AgentEvent(id, user, kind, pause, time, time));
    }

    private List<String> stillStoredFor(String user) {
        return jms.browseSelected("bridge.events", "JMSXGroupID = '" + user + "'", (session, browser) -> {
            List<String> ids = new ArrayList<>();
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                ids.add(((Message) e.nextElement()).getJMSMessageID());
            }
            return ids;
        });
    }

    private List<String> deadLettersFor(String user) {
        return jms.browseSelected("bridge.dead", "JMSXGroupID = '" + user + "'", (session, browser) -> {
            List<String> bodies = new ArrayList<>();
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                bodies.add(((TextMessage) e.nextElement()).getText());
            }
            return bodies;
        });
    }

    /**
     * The lines logged since the mark (a length of the output) that name the agent, and any
     * stack-trace or message-history lines (which in a working bridge come from nothing else).
     */
    private static List<String> linesSince(CapturedOutput output, int mark, String user) {
        return output.getAll().substring(mark).lines()
                .filter(line -> line.contains(user) || line.startsWith("\t") || line.startsWith("Caused by")
                        || line.startsWith("Message History"))
                .toList();
    }

    /**
     * The lines logged since the mark that name the stored message by the broker's id: Camel's error handler
     * writes a line per failed try ("Failed delivery for (MessageId: ID:...). On delivery attempt: n") that
     * names neither the agent nor the event's own id, so {@link #linesSince} does not see them.
     */
    private static List<String> linesNaming(CapturedOutput output, int mark, String messageId) {
        return output.getAll().substring(mark).lines().filter(line -> line.contains(messageId)).toList();
    }

    /** Another agent logs in through the callback, as Daktela would, and AristoTelos gets it. */
    private void anotherAgentIsDelivered() {
        String other = agent("bystander");
        var response = postJson("{\"event\":\"login\",\"user\":\"" + other + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(other).size() == 1);
    }

    /** A pause with no row is parked at once: a retry would read the same mappings (they change by a reload, not a retry). */
    @Test
    void anUnmappedPauseIsParkedAtTheFirstTry(CapturedOutput output) {
        String user = agent("unmapped");
        int mark = output.getAll().length();
        String messageId = store(user, eventJson(user + "-1", user, EventKind.UNREADY, "no-such-pause"));

        await().atMost(Duration.ofSeconds(10)).until(() -> parkedFor(user).size() == 1);
        assertThat((String) parkedFor(user).get(0).get("bridgeParkReason")).isEqualTo("no external state for Daktela pause no-such-pause");
        assertThat(simulator.receivedFor(user)).isEmpty();
        // parked after 4 tries as an internal error, it would still be parked, with this very reason
        assertThat(linesNaming(output, mark, messageId)).as("no failed try of the stored message")
                .allMatch(line -> line.contains("Parked event "));
    }

    /** Over the intake's limit of 255 characters, the pause is refused as unreadable before the mappings are asked. */
    @Test
    void unmappedPauseTooLongToNameInAHeaderIsParkedOnceWithoutFloodingTheLog(CapturedOutput output) {
        String user = agent("lp");
        String id = user + "-lp1";
        String pause = "P".repeat(200_000);
        int mark = output.getAll().length();
        String messageId = store(user, eventJson(id, user, EventKind.UNREADY, pause));

        anotherAgentIsDelivered();
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedFor(user).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> parkedFor(user).size() == 1);
        Map<String, Object> parked = parkedFor(user).get(0);
        assertThat((String) parked.get("bridgeParkReason")).startsWith("stored event cannot be read: its pause is 200000 characters long");
        assertThat((String) parked.get("bridgeParkReason")).hasSizeLessThan(4096);
        assertThat(parked.get("body")).as("the stored text, unchanged").isEqualTo(eventJson(id, user, EventKind.UNREADY, pause));
        assertThat(stillStoredFor(user)).isEmpty();
        assertThat(simulator.receivedFor(user)).isEmpty();
        assertThat(linesSince(output, mark, user)).as("the one line: parked").hasSize(1);
        // AristoTelos was not asked: the line has no empty "AristoTelos answered: " at its end
        assertThat(linesSince(output, mark, user).get(0)).contains("Parked event ").doesNotContain("AristoTelos answered");
        assertThat(output.getAll().lines().filter(line -> line.length() > 10_000)).as("no line carries the pause").isEmpty();
        // parked at the first try: a pause over the limit is over it on a retry too
        assertThat(linesNaming(output, mark, messageId)).as("no failed try of the stored message")
                .allMatch(line -> line.contains("Parked event "));
    }

    /** Not stored by this bridge (the intake and reconciliation refuse it): it was parked as an internal error after 4 tries. */
    @Test
    void anUnreadyWithoutAPauseIsParkedAsUnreadableAtTheFirstTry(CapturedOutput output) {
        String user = agent("nopause");
        int mark = output.getAll().length();
        String messageId = store(user, eventJson(user + "-np", user, EventKind.UNREADY, null));

        await().atMost(Duration.ofSeconds(10)).until(() -> parkedFor(user).size() == 1);
        assertThat((String) parkedFor(user).get(0).get("bridgeParkReason"))
                .isEqualTo("stored event cannot be read: it is an UNREADY without a pause");
        assertThat(simulator.receivedFor(user)).isEmpty();
        // parked after 4 tries as an internal error, it would still be parked, with this very reason
        assertThat(linesNaming(output, mark, messageId)).as("the one line on the stored message: parked, no failed try")
                .singleElement().asString().contains("Parked event " + messageId).doesNotContain("On delivery attempt")
                // and what to do about it
                .endsWith("; kept: once the cause is fixed, POST /actuator/parked/" + messageId + " on the management port replays it");
    }

    @Test
    void idTooLongForAnIdempotencyKeyIsParkedAndNeverSent() {
        String user = agent("longid");
        store(user, eventJson("I".repeat(200_000), user, EventKind.READY, null));

        await().atMost(Duration.ofSeconds(10)).until(() -> parkedFor(user).size() == 1);
        assertThat((String) parkedFor(user).get(0).get("bridgeParkReason"))
                .isEqualTo("stored event cannot be read: its id is 200000 characters long, over the limit of 128");
        assertThat((String) parkedFor(user).get(0).get("bridgeEventId")).as("the broker's id of it, to replay or delete it by")
                .startsWith("ID:");
        assertThat(simulator.receivedFor(user)).isEmpty();
    }

    @Test
    void storedTextThatIsNoJsonIsParkedAsUnreadableAtTheFirstTry(CapturedOutput output) {
        String user = agent("garbled");
        int mark = output.getAll().length();
        String messageId = store(user, "not json at all {");

        await().atMost(Duration.ofSeconds(10)).until(() -> parkedFor(user).size() == 1);
        Map<String, Object> parked = parkedFor(user).get(0);
        assertThat((String) parked.get("bridgeParkReason")).startsWith("stored event cannot be read: not the JSON of an agent event");
        assertThat(parked.get("body")).isEqualTo("not json at all {");
        assertThat((String) parked.get("bridgeEventId")).startsWith("ID:");
        assertThat(stillStoredFor(user)).isEmpty();
        assertThat(linesSince(output, mark, user)).as("one line: parked, no retries of what cannot change").hasSize(1)
                .allMatch(line -> line.contains(user));
        assertThat(linesNaming(output, mark, messageId)).as("the one line on the stored message: parked, no failed try")
                .singleElement().asString().contains("Parked event " + messageId).doesNotContain("On delivery attempt");
    }

    /**
     * The parked copy is sent in the broker transaction that acknowledges the event it parks: with two
     * transactions (the listener's for the acknowledgement, a transaction manager's for the send,
     * committed one after the other) a crash or a failed commit between them would leave the event
     * acknowledged and not parked. Watched in the broker itself.
     */
    @Test
    void theParkedCopyIsSentInTheTransactionThatAcknowledgesTheEvent() {
        String user = agent("one-transaction");
        Map<String, Transaction> seen = new ConcurrentHashMap<>();
        ActiveMQServerMessagePlugin watch = new ActiveMQServerMessagePlugin() {
            @Override
            public void afterSend(ServerSession session, Transaction tx, org.apache.activemq.artemis.api.core.Message message,
                                  boolean direct, boolean noAutoCreateQueue, RoutingStatus result) {
                if ("bridge.parked".equals(message.getAddress()) && user.equals(String.valueOf(message.getGroupID())) && tx != null) {
                    seen.put("parked", tx);
                }
            }

            @Override
            public void messageAcknowledged(Transaction tx, MessageReference ref, AckReason reason, ServerConsumer consumer) {
                if ("bridge.events".equals(ref.getQueue().getName().toString()) && user.equals(String.valueOf(ref.getMessage().getGroupID()))
                        && tx != null) {
                    seen.put("acknowledged", tx);
                }
            }
        };
        ActiveMQServer server = broker.getActiveMQServer();
        server.registerBrokerPlugin(watch);
        try {
            store(user, eventJson(user + "-1", user, EventKind.UNREADY, "no-such-pause"));
            await().atMost(Duration.ofSeconds(10)).until(() -> parkedFor(user).size() == 1 && seen.size() == 2);
            assertThat(seen.get("parked")).as("the parked send's transaction").isSameAs(seen.get("acknowledged"));
        } finally {
            server.unRegisterBrokerPlugin(watch);
        }
    }

    /**
     * A failure inside the bridge is tried 3 more times, then parked with the error, also after retries for an
     * unavailable AristoTelos: Camel counts every clause's tries together, and an event retried five times for a 503 was
     * parked at its first internal error (a read-only review of the delivery).
     */
    @Test
    void anInternalErrorIsTriedThreeTimesMoreAlsoAfterRetriesForAristotelosThenParked() throws Exception {
        String recovers = agent("internal-recovers");
        String fails = agent("internal-fails");
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        AdviceWith.adviceWith(camel, "deliver-stored-event", route -> route.weaveById("deliver").before().process(exchange -> {
            String user = exchange.getMessage().getHeader("JMSXGroupID", String.class);
            if (!recovers.equals(user) && !fails.equals(user)) {
                return;
            }
            int tryNumber = tries.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
            if (tryNumber <= 5) {
                throw new HttpOperationFailedException("http://aristotelos.test/api", 503, "Service Unavailable", null, Map.of(), "");
            }
            if (fails.equals(user) || tryNumber <= 8) {
                throw new IllegalStateException("the test's internal error, try " + tryNumber);
            }
        }));
        store(recovers, eventJson(recovers + "-1", recovers, EventKind.LOGIN, null));
        store(fails, eventJson(fails + "-1", fails, EventKind.LOGIN, null));

        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.receivedFor(recovers).size() == 1 && parkedFor(fails).size() == 1);
        assertThat(tries.get(recovers)).as("5 tries for AristoTelos, 3 internal errors, delivered at the next").hasValue(9);
        assertThat(parkedFor(recovers)).isEmpty();
        assertThat(tries.get(fails)).as("5 tries for AristoTelos, then the first internal error and 3 more").hasValue(9);
        assertThat((String) parkedFor(fails).get(0).get("bridgeParkReason")).contains("the test's internal error, try 9");
        assertThat(simulator.receivedFor(fails)).isEmpty();
        assertThat(stillStoredFor(fails)).isEmpty();
    }

    @Test
    void eventThatCannotBeParkedEndsInTheDeadLetterQueueAndOthersFlow(CapturedOutput output) throws Exception {
        String user = agent("unparkable");
        // the parking of this agent's events fails as a broker's refusal would, from now on (a test-only
        // change of the running route; a refusal in the broker itself would be logged by the broker only,
        // as the transacted send does not wait for it)
        AtomicBoolean refusing = new AtomicBoolean(true);
        AdviceWith.adviceWith(camel, "park-event", route -> route.weaveById("store-parked").before()
                .filter(exchange -> refusing.get() && user.equals(exchange.getMessage().getHeader("JMSXGroupID")))
                .throwException(new ActiveMQAddressFullException("the test's broker refuses to park events of " + user)));
        try {
            int mark = output.getAll().length();
            long start = System.nanoTime();
            store(user, eventJson(user + "-1", user, EventKind.UNREADY, "no-such-pause"));

            anotherAgentIsDelivered();
            await().atMost(Duration.ofSeconds(20)).until(() -> deadLettersFor(user).size() == 1);
            Duration settled = Duration.ofNanos(System.nanoTime() - start);
            // each attempt waits the retry delay (200 ms here) before it is rolled back
            assertThat(settled).as("settled after %d attempts", maxDeliveryAttempts).isLessThan(Duration.ofSeconds(15));
            System.out.println("Dead-lettered after " + maxDeliveryAttempts + " attempts in " + settled.toMillis() + " ms");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> deadLettersFor(user).size() == 1 && stillStoredFor(user).isEmpty());
            assertThat(deadLettersFor(user).get(0)).contains("no-such-pause");
            assertThat(parkedFor(user)).isEmpty();
            int attempts = maxDeliveryAttempts;
            List<String> logged = linesSince(output, mark, user);
            assertThat(logged.stream().filter(line -> line.contains("Cannot park event " + user + "-1")))
                    .as("a line per attempt").hasSize(attempts);
            assertThat(logged).as("and the broker's one line on the dead letter, nothing else").hasSize(attempts + 1);
            anotherAgentIsDelivered();

            // the operator sees it: a metric, and a named problem in readiness that still answers 200
            String metrics = management("GET", "/actuator/prometheus", null, true).body();
            assertThat(metrics).containsPattern("bridge_queue_depth\\{application=\"daktela-aristotelos-bridge\",queue=\"dead\"\\} [1-9]");
            var readiness = management("GET", "/actuator/health/readiness", null, true);
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"status\":\"DEGRADED\"").contains("in the dead-letter queue bridge.dead");
            // and the status page's banner (it was shown only in readiness)
            assertThat(management("GET", "/actuator/board", null, true).body())
                    .contains("\"deadLetters\":\"1 event in the dead-letter queue bridge.dead");

            // the cause fixed, the broker's own retry (retryMessages of bridge.dead, which docs/security.md tells the operator
            // to run from Hawtio) takes it back to delivery, not refused as a copy of its first store: parked now, as its pause
            // is unmapped
            refusing.set(false);
            QueueControl dead = (QueueControl) broker.getActiveMQServer().getManagementService()
                    .getResource(ResourceNames.QUEUE + "bridge.dead");
            assertThat(dead.retryMessages()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> parkedFor(user).size() == 1);
            assertThat((String) parkedFor(user).get(0).get("bridgeParkReason")).isEqualTo("no external state for Daktela pause no-such-pause");
            assertThat(deadLettersFor(user)).isEmpty();
        } finally {
            takeDeadLetters(); // the next tests share this bridge, and its readiness
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !management("GET", "/actuator/health/readiness", null, true).body()
                .contains("dead-letter queue"));
    }
}
