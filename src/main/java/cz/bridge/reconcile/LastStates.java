package cz.bridge.reconcile;

import java.time.OffsetDateTime;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

import cz.bridge.config.SharedNames;
import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventCodec;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.springframework.jms.core.JmsTemplate;

/**
 * The last state the bridge accepted for each agent, durable and shared by every instance on
 * one broker: the Artemis last-value queue {@value SharedNames#LAST_STATE_QUEUE}, keyed by agent
 * ({@code _AMQ_LVQ_NAME}). routes/callback.camel.yaml's store-events writes each stored event
 * there in the same broker transaction as the event itself (callbacks and repairs alike).
 * Reconciliation keeps its "missing since" marks in the same queue under the key
 * {@code missing:<agent>}, so that every instance times a logout alike. Nobody consumes the
 * queue; it is browsed.
 */
public class LastStates {

    public static final String LVQ_KEY = "_AMQ_LVQ_NAME";
    /** The message property that tells a mark from a state. */
    public static final String MARK = "bridgeMissingSince";
    private static final String MARK_PREFIX = "missing:";

    /** What the queue holds: agent → last accepted event, and agent → missing since. */
    public record Snapshot(Map<String, AgentEvent> last, Map<String, OffsetDateTime> missingSince) {
    }

    private final JmsTemplate jms;
    private final EventCodec codec;

    public LastStates(JmsTemplate jms, EventCodec codec) {
        this.jms = jms;
        this.codec = codec;
    }

    public Snapshot browse() {
        return jms.browse(SharedNames.LAST_STATE_QUEUE, (session, browser) -> {
            Map<String, AgentEvent> last = new HashMap<>();
            Map<String, OffsetDateTime> missing = new HashMap<>();
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Message message = (Message) messages.nextElement();
                String key = message.getStringProperty(LVQ_KEY);
                if (key == null || !(message instanceof TextMessage text)) {
                    continue;
                }
                if (message.propertyExists(MARK)) {
                    String since = message.getStringProperty(MARK);
                    if (since != null && !since.isEmpty() && key.startsWith(MARK_PREFIX)) {
                        try {
                            missing.put(key.substring(MARK_PREFIX.length()), OffsetDateTime.parse(since));
                        } catch (java.time.format.DateTimeParseException unreadable) {
                            // not a mark this bridge wrote: the agent counts as not yet missed
                        }
                    }
                } else {
                    try {
                        AgentEvent event = codec.fromJson(text.getText());
                        last.put(event.user(), event);
                    } catch (RuntimeException unreadable) {
                        // an event the delivery would park as unreadable: no state to compare with
                    }
                }
            }
            return new Snapshot(last, missing);
        });
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
                    try {
                        found = codec.fromJson(text.getText());
                    } catch (RuntimeException unreadable) {
                        // as in browse()
                    }
                }
            }
            return found;
        });
    }

    /** Marks the agent missing since this time (null: present again, the mark is cleared). */
    public void mark(String user, OffsetDateTime since) {
        jms.send(SharedNames.LAST_STATE_QUEUE, session -> {
            TextMessage message = session.createTextMessage("");
            message.setStringProperty(LVQ_KEY, MARK_PREFIX + user);
            message.setStringProperty(MARK, since == null ? "" : since.toString());
            return message;
        });
    }
}
