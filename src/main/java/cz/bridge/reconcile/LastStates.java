package cz.bridge.reconcile;

import java.time.OffsetDateTime;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

import cz.bridge.config.SharedNames;
import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventKind;
import cz.bridge.intake.EventCodec;
import cz.bridge.storage.QueueQueries;
import cz.bridge.storage.StorageGuard;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.springframework.jms.core.JmsTemplate;

/**
 * Each agent's last accepted state, and reconciliation's "missing since" marks, in the last-value queue
 * {@value SharedNames#LAST_STATE_QUEUE} (docs/reconciliation.md, "The last accepted state"): written by store-events
 * in the event's own transaction, browsed, never consumed. {@link #MARK_KEY_PREFIX} begins with a control character,
 * which no agent name holds ({@link AgentEvent#acceptable}); a logged-out agent's state and every mark go through
 * {@code forgotten}, whose messages expire.
 */
public record LastStates(JmsTemplate jms, JmsTemplate forgotten, EventCodec codec, StorageGuard guard, int maxEntries) {

    /**
     * Entries a pass reads at most (~1 KB of heap each): a bound against made-up user names filling the heap at every
     * pass, the queue being durable (docs/reconciliation.md, "The last accepted state").
     */
    public static final int MAX_ENTRIES = 50_000;

    public LastStates(JmsTemplate jms, JmsTemplate forgotten, EventCodec codec, StorageGuard guard) {
        this(jms, forgotten, codec, guard, MAX_ENTRIES);
    }

    public static final String LVQ_KEY = "_AMQ_LVQ_NAME";
    /** The message property that tells a mark from a state. */
    public static final String MARK = "bridgeMissingSince";
    /** The key of an agent's mark: U+001F (a control character, in no agent's name), "missing", U+001F, the agent. */
    static final String MARK_KEY_PREFIX = "\u001Fmissing\u001F";

    /** What the queue holds: agent → last accepted event, and agent → missing since. */
    public record Snapshot(Map<String, AgentEvent> last, Map<String, OffsetDateTime> missingSince) {
    }

    public Snapshot browse() {
        return jms.browse(SharedNames.LAST_STATE_QUEUE, (session, browser) -> {
            Map<String, AgentEvent> last = new HashMap<>();
            Map<String, OffsetDateTime> missing = new HashMap<>();
            Enumeration<?> messages = browser.getEnumeration();
            for (int read = 0; messages.hasMoreElements(); read++) {
                if (read == maxEntries) {
                    throw new IllegalStateException(SharedNames.LAST_STATE_QUEUE + " holds more than " + maxEntries + " agents' last "
                            + "states and marks, more than a pass reads: more user names than a contact centre's agents came in callbacks "
                            + "(check the callbacks' user field, and who has DAKTELA_CALLBACK_SECRET); a logged-out agent's state "
                            + "leaves it after BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER. To empty it now: Artemis's removeAllMessages on the queue "
                            + SharedNames.LAST_STATE_QUEUE + " (jconsole or Hawtio); the next pass then repairs each agent Daktela lists "
                            + "as one the bridge never saw");
                }
                Message message = (Message) messages.nextElement();
                String key = message.getStringProperty(LVQ_KEY);
                if (key == null || !(message instanceof TextMessage text)) {
                    continue;
                }
                if (!message.propertyExists(MARK)) {
                    AgentEvent event = readable(text);
                    if (event != null) {
                        last.put(event.user(), event);
                    }
                } else if (key.startsWith(MARK_KEY_PREFIX)) {
                    OffsetDateTime since = since(message.getStringProperty(MARK));
                    // a cleared mark has no time: the agent is not missed. Removed, not skipped: on a broker whose
                    // queue keeps every message (no last-value queue, reported at start) the set mark comes before it
                    if (since != null) {
                        missing.put(key.substring(MARK_KEY_PREFIX.length()), since);
                    } else {
                        missing.remove(key.substring(MARK_KEY_PREFIX.length()));
                    }
                }
            }
            return new Snapshot(last, missing);
        });
    }

    /** The stored event, or null for one the delivery would park as unreadable: no state to compare with. */
    private AgentEvent readable(TextMessage text) throws JMSException {
        try {
            return codec.fromJson(text.getText());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** A mark's time; null for a cleared mark, or one this bridge did not write (the agent counts as not yet missed). */
    private static OffsetDateTime since(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (java.time.format.DateTimeParseException unreadable) {
            return null;
        }
    }

    /**
     * One agent's last accepted state, looked up by its key: for an agent a browse did not show
     * (a browser of a long queue may end early on a loaded broker), so that no repair is made for
     * want of a state that is there.
     */
    public AgentEvent find(String user) {
        String selector = LVQ_KEY + " = '" + user.replace("'", "''") + "'";
        return jms.browseSelected(SharedNames.LAST_STATE_QUEUE, selector, (session, browser) -> {
            Enumeration<?> messages = browser.getEnumeration();
            AgentEvent found = null;
            while (messages.hasMoreElements()) {
                if (messages.nextElement() instanceof TextMessage text && !text.propertyExists(MARK)) {
                    found = readable(text);
                }
            }
            return found;
        });
    }

    /**
     * Makes this event the agent's last state again, as store-events wrote it when the event was
     * stored: for a state that a later-arriving, older one took the place of.
     */
    public void restore(AgentEvent event) {
        guard.requireRoom();
        (event.kind() == EventKind.LOGOUT ? forgotten : jms).send(SharedNames.LAST_STATE_QUEUE, session -> {
            TextMessage message = session.createTextMessage(codec.toJson(event));
            message.setStringProperty(LVQ_KEY, event.user());
            return message;
        });
    }

    /**
     * Marks the agent missing since this time (null: present again, the mark is cleared). A mark expires like
     * a logged-out agent's state: a cleared one means what no mark means, and a set one is needed only until
     * the next pass stores the agent's logout, after which nothing reads it (an agent who never returns would
     * otherwise keep it for ever).
     */
    public void mark(String user, OffsetDateTime since) {
        // as before a repair's store (reconciliation.camel.yaml): below half the free space kept, the broker blocks the
        // send until space is freed, and the pass waited with it, its timer thread too
        guard.requireRoom();
        forgotten.send(SharedNames.LAST_STATE_QUEUE, session -> {
            TextMessage message = session.createTextMessage("");
            message.setStringProperty(LVQ_KEY, MARK_KEY_PREFIX + user);
            message.setStringProperty(MARK, since == null ? "" : since.toString());
            return message;
        });
    }

    /**
     * Whether the broker keeps one message per key in {@value SharedNames#LAST_STATE_QUEUE}, as the
     * embedded broker is set up to: asked, not tried (nothing is written). A queue that exists says
     * so itself; one not created yet will be made a last-value queue by its address setting
     * (default-last-value-queue) or not. False for a last-value queue, true otherwise. Throws when the
     * broker cannot be asked.
     */
    public boolean notALastValueQueue() {
        return QueueQueries.ask(jms.getConnectionFactory(), SharedNames.LAST_STATE_QUEUE, (core, queue) -> {
            ClientSession.QueueQuery query = core.queueQuery(queue);
            return query.isExists() ? !query.isLastValue() : !core.addressQuery(queue).isDefaultLastValueQueue();
        });
    }
}
