package cz.bridge.delivery;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import cz.bridge.config.SharedNames;
import cz.bridge.intake.AgentEvent;
import cz.bridge.logging.OneLine;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.filter.Filter;
import org.apache.activemq.artemis.core.filter.impl.FilterImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.utils.SelectorTranslator;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.UncategorizedJmsException;
import org.springframework.jms.core.JmsTemplate;

/**
 * The parked events in the queue bridge.parked: listed, replayed (moved back into the
 * delivery queue, where they are translated again with the mappings now in force), or
 * deleted. Each move is one broker transaction, so an event is never in both queues or in none.
 */
public record ParkedEvents(JmsTemplate jms, EmbeddedActiveMQ embedded, int maxPerCall, Lock moving) {

    public ParkedEvents(JmsTemplate jms, EmbeddedActiveMQ embedded, int maxPerCall) {
        this(jms, embedded, maxPerCall, new ReentrantLock());
    }

    /**
     * Another replay or delete was under way in this bridge. One at a time: the one that looks through a paged
     * bridge.parked parks the events it does not take again, as new messages, which the other's "parked before this
     * call" then left out, so it missed them and answered that none remained.
     */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("another replay or delete of parked events is under way in this bridge");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ParkedEvents.class);
    /** Events one replay or delete moves at most; the answer says how many matching ones remain. */
    public static final int MAX_PER_CALL = 100_000;
    /** Counted one by one (a browser): a bound, as the queue depth gauges have. */
    private static final int MAX_COUNTED = 1_000_000;
    /** Events that do not match a filter, looked through and parked again, in one transaction. */
    private static final int KEPT_PER_TRANSACTION = 500;

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
        // with the embedded broker the browser reads only the events shown, and the broker counts: a browser counting
        // to the end read every matching event a second time, for a count that was then thrown away
        boolean brokerCounts = embedded != null && countUpTo > limit;
        long browseUpTo = brokerCounts ? limit : countUpTo;
        Listing browsed = jms.browseSelected(SharedNames.PARKED_QUEUE, selector, (session, browser) -> {
            List<Parked> first = new ArrayList<>();
            long count = 0;
            for (Enumeration<?> e = browser.getEnumeration(); count < browseUpTo && e.hasMoreElements(); count++) {
                Message message = (Message) e.nextElement();
                if (first.size() < limit) {
                    first.add(describe(message));
                }
            }
            return new Listing(count, first);
        });
        return brokerCounts ? new Listing(countedByTheBroker(selector, countUpTo), browsed.first()) : browsed;
    }

    /**
     * Counted by the embedded broker itself, paged events included: a JMS browser's enumeration ends as soon as the
     * broker has nothing ready to hand it, anywhere once bridge.parked pages.
     */
    private long countedByTheBroker(String selector, long upTo) {
        try {
            ActiveMQServer server = embedded.getActiveMQServer();
            Queue queue = server == null ? null : server.locateQueue(SimpleString.of(SharedNames.PARKED_QUEUE));
            if (queue == null) {
                // stopped since the browse: the caller's answer for an unreachable broker (503), not a count of what was shown
                throw new UncategorizedJmsException("the embedded broker is not running");
            }
            Filter filter = selector == null ? null : FilterImpl.createFilter(SelectorTranslator.convertToActiveMQFilterString(selector));
            long count = 0;
            try (LinkedListIterator<MessageReference> refs = queue.browserIterator()) {
                while (refs.hasNext() && count < upTo) {
                    // taken whether or not there is a filter: without, hasNext() gave the same event again up to upTo
                    MessageReference ref = refs.next();
                    if (filter == null || filter.match(ref.getMessage())) {
                        count++;
                    }
                }
            }
            return count;
        } catch (ActiveMQException e) {
            throw new IllegalArgumentException("not a filter the broker reads: " + e.getMessage(), e);
        }
    }

    /** Moves the matching parked events back to delivery. */
    public Moved replay(String id, String reason, String user) {
        return move(id, reason, user, true, r -> LOG.info("Replaying parked event {}", OneLine.of(r, AgentEvent.MAX_ID_LENGTH)));
    }

    /** Deletes the matching parked events for good. */
    public Moved delete(String id, String reason, String user) {
        return move(id, reason, user, false,
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

    private Moved move(String id, String reason, String user, boolean toDelivery, Consumer<String> committed) {
        try {
            // a moment's wait: a second click of the status page's buttons comes while the first's move ends
            if (!moving.tryLock(1, TimeUnit.SECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return moveAlone(id, reason, user, toDelivery, committed);
        } finally {
            moving.unlock();
        }
    }

    private Moved moveAlone(String id, String reason, String user, boolean toDelivery, Consumer<String> committed) {
        String selector = selector(id, reason, user);
        boolean justOne = selector(id, null, null) != null;
        // only what was parked before this call: an event replayed before its cause is fixed is parked again at
        // once, as a new message, which would otherwise match again and go round until MAX_PER_CALL
        String parkedBefore = "JMSTimestamp <= " + System.currentTimeMillis();
        String taken = selector == null ? parkedBefore : selector + " AND " + parkedBefore;
        List<String> moved = new ArrayList<>();
        long leftByTheLook = 0;
        try {
            take(taken, null, toDelivery, justOne, moved, committed);
            if (selector != null && !(justOne && !moved.isEmpty()) && moved.size() < maxPerCall
                    && browse(taken, 0, 1).count() > 0) {
                // Artemis hands a consumer with a filter no paged event while those it holds in memory do not match
                // (its paging documentation, "selectors"): once bridge.parked had paged, an event parked after some
                // megabytes of others could be listed but not replayed or deleted (404 for its id). Each event parked
                // before this call is then taken in turn, and those that do not match are parked again as they were
                LOG.info("Matching parked events the broker's filter did not hand out remain (bridge.parked is paged): looking "
                        + "through every event parked before this call for the ones to {}", toDelivery ? "replay" : "delete");
                long began = System.nanoTime();
                int before = moved.size();
                Pass pass = take(parkedBefore, new Match(id, reason, user), toDelivery, justOne, moved, committed);
                leftByTheLook = pass.matchingKept();
                LOG.info("Looked through the parked events in {} ms: {} kept, {} taken", (System.nanoTime() - began) / 1_000_000,
                        pass.kept(), moved.size() - before);
            }
            // in the try: a broker that stops after the moves, before this count, must not answer that nothing moved. The
            // look's matching events over the limit were parked again, after this call: counted by it
            return new Moved(moved, justOne ? 0 : browse(taken, 0, MAX_COUNTED).count() + leftByTheLook);
        } catch (RuntimeException e) {
            if (!moved.isEmpty()) {
                throw new PartlyMoved(moved, e);
            }
            throw e;
        }
    }

    /**
     * Takes what the selector gives, each in one transaction: to delivery or deleted, or, when {@code filter} is given
     * and the event does not match it, parked again as it was; what was parked again.
     *
     * @param committed told each event's id as soon as its move is committed, so the log has it whatever comes after
     */
    private Pass take(String selector, Match filter, boolean toDelivery, boolean justOne, List<String> moved,
            Consumer<String> committed) {
        return jms.execute(session -> {
            jakarta.jms.Queue parked = session.createQueue(SharedNames.PARKED_QUEUE);
            MessageConsumer consumer = session.createConsumer(parked, selector);
            MessageProducer producer = session.createProducer(session.createQueue(SharedNames.EVENTS_QUEUE));
            MessageProducer parkedAgain = filter == null ? null : session.createProducer(parked);
            long kept = 0;
            long matchingKept = 0;
            try {
                // looking through (a filter given), every event parked before the call is taken, and the ones not to move are
                // parked again: stopping at the one id asked for, or at maxPerCall, left those behind it ahead of the ones
                // parked again, an agent's parked events reversed for the next replay
                while (filter != null || moved.size() < maxPerCall) {
                    Message message = consumer.receive(500);
                    if (message == null) {
                        break;
                    }
                    boolean matches = filter == null || filter.matches(message);
                    if (filter != null && (!matches || justOne && !moved.isEmpty() || moved.size() >= maxPerCall)) {
                        parkedAgain.send(copy(session, message));
                        matchingKept += matches ? 1 : 0;
                        // in batches: a transaction per kept event is too slow for a client's wait on a large bridge.parked
                        if (++kept % KEPT_PER_TRANSACTION == 0) {
                            session.commit();
                        }
                        if (kept % 10_000 == 0) {
                            LOG.info("Looking through the parked events: {} kept so far, {} taken", kept, moved.size());
                        }
                        continue;
                    }
                    if (toDelivery) {
                        TextMessage again = session.createTextMessage(textOf(message));
                        again.setStringProperty(SharedNames.AGENT_HEADER, message.getStringProperty(SharedNames.AGENT_HEADER));
                        again.setStringProperty(SharedNames.EVENT_ID_HEADER, message.getStringProperty(SharedNames.EVENT_ID_HEADER));
                        producer.send(again);
                    }
                    session.commit();
                    String eventId = String.valueOf(message.getStringProperty(SharedNames.EVENT_ID_HEADER));
                    moved.add(eventId);
                    committed.accept(eventId);
                    if (justOne && filter == null) {
                        break;
                    }
                }
                session.commit(); // the events kept since the last commit
            } catch (JMSException | RuntimeException e) {
                session.rollback();
                throw e;
            } finally {
                consumer.close();
                producer.close();
                if (parkedAgain != null) {
                    parkedAgain.close();
                }
            }
            return new Pass(kept, matchingKept);
        }, true);
    }

    /** What a pass parked again: in all, and of those the ones matching that were over the call's limit (or not the one). */
    private record Pass(long kept, long matchingKept) {
    }

    /** The filter of {@link #selector}, read in the bridge: a blank value matches any. */
    private record Match(String id, String reason, String user) {
        boolean matches(Message message) throws JMSException {
            return is(message, SharedNames.EVENT_ID_HEADER, id) && is(message, SharedNames.PARK_REASON_HEADER, reason)
                    && is(message, SharedNames.AGENT_HEADER, user);
        }

        private static boolean is(Message message, String property, String value) throws JMSException {
            return value == null || value.isBlank() || value.equals(message.getStringProperty(property));
        }
    }

    /** The parked event with its text and labels, without the broker's own properties (its duplicate id would be refused). */
    private static Message copy(Session session, Message message) throws JMSException {
        Message copy;
        if (message instanceof TextMessage text) {
            copy = session.createTextMessage(text.getText());
        } else if (message instanceof BytesMessage bytes) {
            BytesMessage copied = session.createBytesMessage();
            byte[] body = bytes.getBody(byte[].class);
            if (body != null) {
                copied.writeBytes(body);
            }
            copy = copied;
        } else {
            copy = session.createMessage(); // a map, stream or object message: its labels only
        }
        copy.setStringProperty(SharedNames.AGENT_HEADER, message.getStringProperty(SharedNames.AGENT_HEADER));
        for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!name.startsWith("JMS") && !name.startsWith("_AMQ")) {
                copy.setObjectProperty(name, message.getObjectProperty(name));
            }
        }
        return copy;
    }

    private static Parked describe(Message message) throws JMSException {
        return new Parked(message.getStringProperty(SharedNames.EVENT_ID_HEADER), message.getStringProperty(SharedNames.AGENT_HEADER),
                message.getStringProperty(SharedNames.PARK_REASON_HEADER), message.getStringProperty(SharedNames.ARISTOTELOS_ANSWER_HEADER),
                message.getStringProperty(ParkingReason.PARKED_AT), textOf(message));
    }

    /**
     * The stored event's text; null for a message of another kind, which the bridge never parks but an operator can put
     * there (Hawtio): it would fail every list and every replay that reached it. Replayed, it is parked again as
     * unreadable.
     */
    private static String textOf(Message message) throws JMSException {
        return message instanceof TextMessage text ? text.getText() : null;
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
