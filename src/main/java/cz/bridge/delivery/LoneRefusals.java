package cz.bridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Tells a state AristoTelos keeps answering 5xx while it takes other states (a fault tied to this state or
 * employee) from AristoTelos being down. The first is retried for bridge.delivery.give-up-after and then
 * parked (aristotelos.camel.yaml, refused-alone): retried for ever, it would hold back the agent's later
 * states and the agents whose events share its delivery thread. The second is retried until AristoTelos is
 * back, as before. A 5xx counts as "alone" when AristoTelos took another state within the last two longest
 * retry pauses; one that does not (an outage, or a night without other traffic) starts the count again,
 * unless the other states wait behind this one: the broker hands an agent's events only to the delivery
 * thread that holds the agent, and once that thread's buffer of waiting events is full, it hands out
 * nothing more, to any thread, until the thread takes one. So a count that began while AristoTelos took
 * other states goes on while other agents' events wait in the queue and no other agent's delivery fails (in an
 * outage the other threads fail with theirs). Camel's error handler has no such rule (its retries count tries,
 * not what other deliveries do).
 */
public class LoneRefusals {

    /** Event ids counted at once: more than the deliveries in parallel only with the entries of parked or delivered events. */
    private static final int MAX_COUNTED = 1_000;

    private final Supplier<Instant> lastDelivered;
    private final Function<String, Instant> lastFailureOfAnotherAgent;
    private final Predicate<String> othersWaiting;
    private final Clock clock;
    private final Duration giveUpAfter;
    private final Duration othersWithin;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    /** Since when an event has failed alone, and when it last did. */
    private record Count(Instant since, Instant last) {
    }

    /**
     * @param lastDelivered             when AristoTelos last took a state (DeliveryRecorder), or null
     * @param lastFailureOfAnotherAgent when a delivery for an agent other than the given one last failed, or null
     * @param othersWaiting             whether events of agents other than the given one wait in the queue
     * @param othersWithin              a 5xx is "alone" when AristoTelos took a state this recently
     */
    public LoneRefusals(Supplier<Instant> lastDelivered, Function<String, Instant> lastFailureOfAnotherAgent,
                        Predicate<String> othersWaiting, Clock clock, Duration giveUpAfter, Duration othersWithin) {
        this.lastDelivered = lastDelivered;
        this.lastFailureOfAnotherAgent = lastFailureOfAnotherAgent;
        this.othersWaiting = othersWaiting;
        this.clock = clock;
        this.giveUpAfter = giveUpAfter;
        this.othersWithin = othersWithin;
    }

    /**
     * Called for each failed call with AristoTelos's answer status.
     *
     * @return true when AristoTelos has answered this event 5xx, alone, for give-up-after: park it
     */
    public boolean givenUp(int status, String eventId, String user) {
        if (status < 500 || eventId == null) {
            return false;
        }
        Instant now = clock.instant();
        if (!recently(lastDelivered.get(), now) && !(counts.containsKey(eventId) && othersWaitBehind(user, now))) {
            counts.remove(eventId);
            return false;
        }
        if (counts.size() >= MAX_COUNTED) {
            counts.values().removeIf(count -> count.last().isBefore(now.minus(othersWithin)));
            if (counts.size() >= MAX_COUNTED) {
                // the half counted the shortest goes: entries of delivered events are left behind (nothing removes
                // them), and in a partial outage they can fill the map within one pause; cleared whole, the map lost
                // the count of a state failing alone for minutes, again and again, and it was never parked
                counts.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.comparing(Count::since).reversed()))
                        .limit(MAX_COUNTED / 2).map(Map.Entry::getKey).toList().forEach(counts::remove);
            }
        }
        // a count goes on while the event is retried without a gap (a retry comes at most one longest pause after
        // the last); one that came back later (replayed from the parked events) starts again. Kept when it says
        // true: Camel's doCatch evaluates its onWhen twice for one failure
        Count count = counts.compute(eventId, (id, before) -> before == null || before.last().isBefore(now.minus(othersWithin))
                ? new Count(now, now) : new Count(before.since(), now));
        return Duration.between(count.since(), now).compareTo(giveUpAfter) >= 0;
    }

    /**
     * As {@link #givenUp} for a request AristoTelos, reached, did not answer (AristotelosUnavailable.reachedButUnanswered):
     * AristoTelos timing out on one employee's state holds the agents as a 5xx does, and was retried for ever. Counted
     * as a 5xx, with the state's other failures.
     */
    public boolean givenUpUnanswered(Throwable failure, String eventId, String user) {
        return AristotelosUnavailable.reachedButUnanswered(failure) && givenUp(504, eventId, user);
    }

    private boolean recently(Instant at, Instant now) {
        return at != null && !at.isBefore(now.minus(othersWithin));
    }

    /**
     * Nothing was taken because the other agents' states wait behind this one, not because AristoTelos is down. Other
     * agents': in an outage with one agent at work, its own later states wait too, and counted, its state was parked
     * as "alone" while AristoTelos took nothing, to be overtaken by the next.
     */
    private boolean othersWaitBehind(String user, Instant now) {
        return !recently(lastFailureOfAnotherAgent.apply(user), now) && othersWaiting.test(user);
    }
}
