package cz.bridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import cz.bridge.mapping.OutboundState;

/**
 * Tells a state AristoTelos keeps answering 5xx while it takes other states (parked after give-up-after, or at its
 * next failure once other agents' events have waited behind it for give-up-when-others-wait) from AristoTelos being
 * down (retried until it is back). The rules and their reasons (the broker hands nothing more to any thread once one
 * thread's buffer is full; one delivery thread; several bridges on one broker): docs/decisions.md, "A 5xx for one
 * state alone". Camel's error handler has no such rule: its retries count tries, not what other deliveries do.
 */
public class LoneRefusals {

    /** Event ids counted at once: more than the deliveries in parallel only with the entries of events not parked. */
    private static final int MAX_COUNTED = 1_000;

    private final Supplier<Instant> lastDelivered;
    private final Function<String, Instant> lastFailureOfAnotherAgent;
    private final Function<String, Instant> firstOfOthersWaiting;
    private final Clock clock;
    private final Duration giveUpAfter;
    private final Duration giveUpWhenOthersWait;
    private final boolean severalThreads;
    private final Duration othersWithin;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    /**
     * Since when an event has failed without a gap (alone or not), since when alone (null: not at its last failure),
     * when it last failed, and, once given up, whether because the others waited behind it (null: not given up).
     */
    private record Count(Instant runSince, Instant since, Instant last, Boolean givenUpHolding) {
    }

    /**
     * @param lastDelivered             when AristoTelos last took a state (DeliveryRecorder), or null
     * @param lastFailureOfAnotherAgent when a delivery for an agent other than the given one last failed, or null
     * @param firstOfOthersWaiting      when the first event of another agent than the given one still waiting in the queue
     *                                  was stored, or null when none waits
     * @param giveUpAfter               how long a state failing alone is retried
     * @param giveUpWhenOthersWait      how long other agents' events may wait behind it (at most giveUpAfter)
     * @param severalThreads            whether events are delivered by more than one thread
     * @param othersWithin              a 5xx is "alone" when AristoTelos took a state this recently
     */
    public LoneRefusals(Supplier<Instant> lastDelivered, Function<String, Instant> lastFailureOfAnotherAgent,
                        Function<String, Instant> firstOfOthersWaiting, Clock clock, Duration giveUpAfter,
                        Duration giveUpWhenOthersWait, boolean severalThreads, Duration othersWithin) {
        this.lastDelivered = lastDelivered;
        this.lastFailureOfAnotherAgent = lastFailureOfAnotherAgent;
        this.firstOfOthersWaiting = firstOfOthersWaiting;
        this.clock = clock;
        this.giveUpAfter = giveUpAfter;
        this.giveUpWhenOthersWait = giveUpWhenOthersWait;
        this.severalThreads = severalThreads;
        this.othersWithin = othersWithin;
    }

    /**
     * Called for each failed call with AristoTelos's answer status.
     *
     * @return true when AristoTelos has answered this event 5xx (or another status retried like one), alone, for give-up-after, or with other agents' events
     *         waiting behind it for give-up-when-others-wait: park it
     */
    public boolean givenUp(int status, OutboundState state) {
        return givenUp(status, state.eventId(), state.user());
    }

    /*
     * The route passes the state, not its id and user: Camel's bean binding turns a parameter whose text is "null" into
     * null and strips the quotes around one, so an event with the id "null" was never parked (retried for ever, holding
     * its agents) and the ids 'x' and x shared a count.
     */
    boolean givenUp(int status, String eventId, String user) {
        // every status the bridge retries (the refusals for good never come here): a 3xx, 405 or 410 is retried like a 5xx
        // (docs/decisions.md), and for one state alone it held its agents for ever. A 429 limits the client, not a state
        if (status < 300 || status == 429 || eventId == null) {
            return false;
        }
        Instant now = clock.instant();
        Count before = counts.get(eventId);
        // a run of failures goes on while the event is retried without a gap (a retry comes at most one longest pause
        // after the last); one that came back later starts again (a parked event's count is forgotten: its replay too)
        boolean goesOn = before != null && recently(before.last(), now);
        if (goesOn && before.givenUpHolding() != null) {
            // given up, and asked again: Camel's doCatch may evaluate its onWhen twice for one failure, and an event whose
            // parking failed comes back. The same answer
            counts.put(eventId, new Count(before.runSince(), before.since(), now, before.givenUpHolding()));
            return true;
        }
        Instant runSince = goesOn ? before.runSince() : now;
        Instant delivered = lastDelivered.get();
        // the broker is browsed once per retry of an event failed before, and not while another agent's delivery fails (an
        // outage)
        Instant firstWaiting = before != null && !recently(lastFailureOfAnotherAgent.apply(user), now) ? firstOfOthersWaiting.apply(user) : null;
        // with one delivery thread nothing is taken after its first failure, and an outage looks the same: no shorter rule
        boolean takenSinceRunBegan = severalThreads && goesOn && delivered != null && delivered.isAfter(runSince);
        Instant heldSince = firstWaiting == null || !takenSinceRunBegan ? null : delivered.isAfter(firstWaiting) ? delivered : firstWaiting;
        // a count alone goes on while the others wait behind it, whoever held them; after a gap (failures not counted: a
        // connection refused, a 429) it starts again
        boolean alone = recently(delivered, now) || firstWaiting != null && before.since() != null;
        if (counts.size() >= MAX_COUNTED) {
            counts.values().removeIf(count -> count.last().isBefore(now.minus(othersWithin)));
            if (counts.size() >= MAX_COUNTED) {
                // the half failing the shortest goes: entries of delivered events are left behind (nothing removes
                // them), and in a partial outage they can fill the map within one pause; cleared whole, the map lost
                // the count of a state failing alone for minutes, again and again, and it was never parked
                counts.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.comparing(count -> Duration.between(count.runSince(), count.last()))))
                        .limit(MAX_COUNTED / 2).map(Map.Entry::getKey).toList().forEach(counts::remove);
            }
        }
        Instant since = !alone ? null : goesOn && before.since() != null ? before.since() : now;
        boolean holding = heldSince != null && Duration.between(heldSince, now).compareTo(giveUpWhenOthersWait) >= 0;
        boolean aloneLong = since != null && Duration.between(since, now).compareTo(giveUpAfter) >= 0;
        counts.put(eventId, new Count(runSince, since, now, holding ? Boolean.TRUE : aloneLong ? Boolean.FALSE : null));
        return holding || aloneLong;
    }

    /** The event was parked (routes/parking.camel.yaml): its replay is counted anew. */
    public void forget(OutboundState state) {
        if (state != null) {
            counts.remove(state.eventId());
        }
    }

    /**
     * How long the event was retried and why it was given up, for its parking reason: "for 10m while other states were
     * taken: ..." or "for 1m while other agents' states waited behind it: ...".
     */
    public String whyGivenUp(OutboundState state) {
        return whyGivenUp(state.eventId());
    }

    String whyGivenUp(String eventId) {
        Count count = eventId == null ? null : counts.get(eventId);
        return count != null && Boolean.TRUE.equals(count.givenUpHolding())
                ? "for " + words(giveUpWhenOthersWait) + " while other agents' states waited behind it: parked so that they and the agent's later states go on"
                : "for " + words(giveUpAfter) + " while other states were taken or waited behind it: parked so that the agent's later states go on";
    }

    /** 10m, 90s, 1h, 500ms: as the setting is written. */
    static String words(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s != 0 && s % 3600 == 0 ? s / 3600 + "h" : s != 0 && s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /**
     * As {@link #givenUp} for a request AristoTelos, reached, did not answer (AristotelosUnavailable.reachedButUnanswered):
     * AristoTelos timing out on one employee's state holds the agents as a 5xx does, and was retried for ever. Counted
     * as a 5xx, with the state's other failures.
     */
    public boolean givenUpUnanswered(Throwable failure, OutboundState state) {
        return givenUpUnanswered(failure, state.eventId(), state.user());
    }

    boolean givenUpUnanswered(Throwable failure, String eventId, String user) {
        return AristotelosUnavailable.reachedButUnanswered(failure) && givenUp(504, eventId, user);
    }

    private boolean recently(Instant at, Instant now) {
        return at != null && !at.isBefore(now.minus(othersWithin));
    }
}
