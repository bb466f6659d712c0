package cz.bridge.delivery;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;

import cz.bridge.config.SharedNames;
import cz.bridge.intake.AgentEvent;
import cz.bridge.logging.OneLine;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;

/**
 * The parked events in the queue bridge.parked: listed, replayed (moved back into the
 * delivery queue, where they are translated again with the mappings now in force), or
 * deleted. Each move is one broker transaction, so an event is never in both queues or in none.
 */
public record ParkedEvents(JmsTemplate jms, int maxPerCall) {

    private static final Logger LOG = LoggerFactory.getLogger(ParkedEvents.class);
    /** Events one replay or delete moves at most; the answer says how many matching ones remain. */
    public static final int MAX_PER_CALL = 100_000;
    /** Counted one by one (a browser): a bound, as the queue depth gauges have. */
    private static final int MAX_COUNTED = 1_000_000;

    /** One parked event as the operator sees it. */
    public record Parked(String id, String user, String reason, String aristotelosAnswer, String parkedAt, String event) {
    }

    /**
     * The ids a replay or delete moved, and how many events that matched it are still parked: a call
     * moves at most {@link #maxPerCall}, and stops when the broker hands out none within 0.5 s (a
     * selector over a queue the broker pages to disk may reach its events late).
     */
    public record Moved(List<String> ids, long remaining) {
    }

    /** The first parked events of a list, and how many match in all (up to {@link #MAX_COUNTED}). */
    public record Listing(long count, List<Parked> first) {
    }

    /**
     * The first {@code limit} matching parked events, and how many match. Only the first are held:
     * the whole list of a day's parked events, each with its stored text, was built in the heap and
     * sent as one answer on every refresh of the status page.
     */
    public Listing list(String reason, String user, int limit) {
        return browse(selector(null, reason, user), limit, MAX_COUNTED);
    }

    /** The first {@code limit} parked events, none counted beyond them: for a count the broker keeps itself. */
    public List<Parked> first(int limit) {
        return browse(null, limit, limit).first();
    }

    private Listing browse(String selector, int limit, long countUpTo) {
        return jms.browseSelected(SharedNames.PARKED_QUEUE, selector, (session, browser) -> {
            List<Parked> first = new ArrayList<>();
            long count = 0;
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements() && count < countUpTo; count++) {
                Message message = (Message) e.nextElement();
                if (first.size() < limit) {
                    first.add(describe(message));
                }
            }
            return new Listing(count, first);
        });
    }

    /** Moves the matching parked events back to delivery. */
    public Moved replay(String id, String reason, String user) {
        return move(selector(id, reason, user), true, selector(id, null, null) != null,
                r -> LOG.info("Replaying parked event {}", OneLine.of(r, AgentEvent.MAX_ID_LENGTH)));
    }

    /** Deletes the matching parked events for good. */
    public Moved delete(String id, String reason, String user) {
        return move(selector(id, reason, user), false, selector(id, null, null) != null,
                d -> LOG.warn("Deleted parked event {} on an operator's request; it will not reach AristoTelos", OneLine.of(d, AgentEvent.MAX_ID_LENGTH)));
    }

    /**
     * The broker failed after some of the matching events were moved, each in its own transaction: those are gone from
     * the parked events (and logged), the others are kept. Said so: the answer had said that nothing moved.
     */
    public static final class PartlyMoved extends RuntimeException {
        private final transient List<String> moved;

        PartlyMoved(List<String> moved, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.moved = List.copyOf(moved);
        }

        public List<String> moved() {
            return moved;
        }
    }

    /** @param committed told each event's id as soon as its move is committed, so the log has it whatever comes after */
    private Moved move(String selector, boolean toDelivery, boolean justOne, Consumer<String> committed) {
        // only what was parked before this call: an event replayed before its cause is fixed is parked again at
        // once, as a new message, which would otherwise match again and go round until MAX_PER_CALL
        String parkedBefore = "JMSTimestamp <= " + System.currentTimeMillis();
        String taken = selector == null ? parkedBefore : selector + " AND " + parkedBefore;
        List<String> moved = new ArrayList<>();
        try {
            jms.execute(session -> {
            MessageConsumer consumer = session.createConsumer(session.createQueue(SharedNames.PARKED_QUEUE), taken);
            MessageProducer producer = session.createProducer(session.createQueue(SharedNames.EVENTS_QUEUE));
            try {
                while (moved.size() < maxPerCall) {
                    Message message = consumer.receive(500);
                    if (message == null) {
                        break;
                    }
                    if (toDelivery) {
                        TextMessage again = session.createTextMessage(((TextMessage) message).getText());
                        again.setStringProperty(SharedNames.AGENT_HEADER, message.getStringProperty(SharedNames.AGENT_HEADER));
                        again.setStringProperty(SharedNames.EVENT_ID_HEADER, message.getStringProperty(SharedNames.EVENT_ID_HEADER));
                        producer.send(again);
                    }
                    session.commit();
                    String eventId = String.valueOf(message.getStringProperty(SharedNames.EVENT_ID_HEADER));
                    moved.add(eventId);
                    committed.accept(eventId);
                    if (justOne) {
                        break;
                    }
                }
            } catch (JMSException | RuntimeException e) {
                session.rollback();
                throw e;
            } finally {
                consumer.close();
                producer.close();
            }
            return null;
            }, true);
        } catch (RuntimeException e) {
            if (!moved.isEmpty()) {
                throw new PartlyMoved(moved, e);
            }
            throw e;
        }
        return new Moved(moved, justOne ? 0 : browse(taken, 0, MAX_COUNTED).count());
    }

    private static Parked describe(Message message) throws JMSException {
        return new Parked(message.getStringProperty(SharedNames.EVENT_ID_HEADER), message.getStringProperty(SharedNames.AGENT_HEADER),
                message.getStringProperty(SharedNames.PARK_REASON_HEADER), message.getStringProperty(SharedNames.ARISTOTELOS_ANSWER_HEADER),
                message.getStringProperty(ParkingReason.PARKED_AT), ((TextMessage) message).getText());
    }

    /** A JMS selector of exact matches; values are quoted the JMS way ('' for '). */
    static String selector(String id, String reason, String user) {
        List<String> terms = new ArrayList<>();
        match(terms, SharedNames.EVENT_ID_HEADER, id);
        match(terms, SharedNames.PARK_REASON_HEADER, reason);
        match(terms, SharedNames.AGENT_HEADER, user);
        return terms.isEmpty() ? null : String.join(" AND ", terms);
    }

    private static void match(List<String> terms, String key, String value) {
        if (value != null && !value.isBlank()) {
            terms.add(key + " = '" + value.replace("'", "''") + "'");
        }
    }
}
