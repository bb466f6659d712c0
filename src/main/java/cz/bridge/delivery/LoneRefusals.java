package cz.bridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
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
 * <p>
 * While other agents' events wait behind it, every agent waits (the broker stops at it): once they have waited
 * bridge.delivery.give-up-when-others-wait (1 min), it is parked, not after give-up-after. "Behind it": an event of
 * another agent, stored before this one's previous failure and a second ago at least, still waits in the queue (one
 * stored since may be on its way to a thread), and no other agent's delivery failed meanwhile; held by this state only
 * once AristoTelos has taken another state since its retries began (also retries begun in an outage). An outage that
 * began just before, with the waiting agents' events all on this thread, looks the same otherwise: there the waiting
 * only keeps a count alone going, for give-up-after, as it does wherever AristoTelos was not seen taking states since.
 * With one delivery thread nothing is taken after its first failure: there the waiting counts without that, for
 * give-up-after. With several bridges on one external broker the event may wait for another bridge's thread instead;
 * this state, failing alone, is parked all the same.
 */
public class LoneRefusals {

    /** Event ids counted at once: more than the deliveries in parallel only with the entries of parked or delivered events. */
    private static final int MAX_COUNTED = 1_000;

    /** How long another agent's event waits at least before it counts as held by the state failing alone. */
    private static final Duration HELD_AT_LEAST = Duration.ofSeconds(1);
    /** Asked again this soon, it is the same failure: Camel's doCatch may evaluate its onWhen twice for one. */
    private static final Duration SAME_FAILURE = Duration.ofMillis(100);

    private final Supplier<Instant> lastDelivered;
    private final Function<String, Instant> lastFailureOfAnotherAgent;
    private final BiPredicate<String, Instant> othersWaiting;
    private final Clock clock;
    private final Duration giveUpAfter;
    private final Duration giveUpWhenOthersWait;
    private final boolean severalThreads;
    private final Duration othersWithin;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    /**
     * Since when an event has failed without a gap (alone or not), since when alone (null: not at its last failure),
     * when it last failed, since when other agents' events have waited behind it (null: not at its last failure), and,
     * once given up, whether for that (null: not given up).
     */
    private record Count(Instant runSince, Instant since, Instant last, Instant heldSince, Boolean givenUpHolding) {
    }

    /**
     * @param lastDelivered             when AristoTelos last took a state (DeliveryRecorder), or null
     * @param lastFailureOfAnotherAgent when a delivery for an agent other than the given one last failed, or null
     * @param othersWaiting             whether events of agents other than the given one, stored before the given instant,
     *                                  wait in the queue
     * @param giveUpAfter               how long a state failing alone is retried
     * @param giveUpWhenOthersWait      how long other agents' events may wait behind it (at most giveUpAfter)
     * @param severalThreads            whether events are delivered by more than one thread
     * @param othersWithin              a 5xx is "alone" when AristoTelos took a state this recently
     */
    public LoneRefusals(Supplier<Instant> lastDelivered, Function<String, Instant> lastFailureOfAnotherAgent,
                        BiPredicate<String, Instant> othersWaiting, Clock clock, Duration giveUpAfter,
                        Duration giveUpWhenOthersWait, boolean severalThreads, Duration othersWithin) {
        this.lastDelivered = lastDelivered;
        this.lastFailureOfAnotherAgent = lastFailureOfAnotherAgent;
        this.othersWaiting = othersWaiting;
        this.clock = clock;
        this.giveUpAfter = giveUpAfter;
        this.giveUpWhenOthersWait = giveUpWhenOthersWait;
        this.severalThreads = severalThreads;
        this.othersWithin = othersWithin;
    }

    /**
     * Called for each failed call with AristoTelos's answer status.
     *
     * @return true when AristoTelos has answered this event 5xx, alone, for give-up-after, or for give-up-when-others-wait
     *         with other agents' events waiting behind it: park it
     */
    public boolean givenUp(int status, String eventId, String user) {
        if (status < 500 || eventId == null) {
            return false;
        }
        Instant now = clock.instant();
        Count before = counts.get(eventId);
        if (before != null && Duration.between(before.last(), now).compareTo(SAME_FAILURE) < 0) {
            // the same failure, asked again: the same answer, not one the queue's state a moment later would change
            return before.givenUpHolding() != null;
        }
        // a run of failures goes on while the event is retried without a gap (a retry comes at most one longest pause
        // after the last); one given up and back (replayed from the parked events, or its parking failed) begins anew
        boolean goesOn = before != null && recently(before.last(), now) && before.givenUpHolding() == null;
        Instant runSince = goesOn ? before.runSince() : now;
        Instant delivered = lastDelivered.get();
        // the broker is browsed once per retry, only where the answer counts
        Instant storedBefore = goesOn ? earliest(before.last(), now.minus(HELD_AT_LEAST)) : null;
        boolean othersWait = goesOn && othersWaitBehind(user, storedBefore, now);
        // held by this state, for the shorter time: only once AristoTelos took another state since its retries began. An
        // outage that began just before, with the waiting events all on this thread, looks the same otherwise; there, and
        // wherever AristoTelos was not seen taking states meanwhile, the waiting only keeps a count alone going, for
        // give-up-after (a count begun after an outage, which never saw the others taken, was retried for ever)
        boolean othersHeld = othersWait && (!severalThreads || delivered != null && delivered.isAfter(runSince));
        boolean alone = recently(delivered, now) || othersWait && before.since() != null;
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
        // a failure not alone (an outage, a quiet night) starts the count alone again; the others have waited since the
        // event found waiting was stored, at the latest
        Instant since = !alone ? null : goesOn && before.since() != null ? before.since() : now;
        Instant heldSince = !othersHeld ? null : before.heldSince() != null ? before.heldSince() : storedBefore;
        boolean holding = heldSince != null && Duration.between(heldSince, now).compareTo(giveUpWhenOthersWait) >= 0;
        boolean aloneLong = since != null && Duration.between(since, now).compareTo(giveUpAfter) >= 0;
        Count count = new Count(runSince, since, now, heldSince, holding ? Boolean.TRUE : aloneLong ? Boolean.FALSE : null);
        counts.put(eventId, count);
        return count.givenUpHolding() != null;
    }

    /**
     * How long the event was retried and why it was given up, for its parking reason: "for 10m while other states were
     * taken: ..." or "for 1m while other agents' states waited behind it: ...".
     */
    public String whyGivenUp(String eventId) {
        Count count = eventId == null ? null : counts.get(eventId);
        return count != null && Boolean.TRUE.equals(count.givenUpHolding())
                ? "for " + words(giveUpWhenOthersWait) + " while other agents' states waited behind it: parked so that they and the agent's later states go on"
                : "for " + words(giveUpAfter) + " while other states were taken: parked so that the agent's later states go on";
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
    public boolean givenUpUnanswered(Throwable failure, String eventId, String user) {
        return AristotelosUnavailable.reachedButUnanswered(failure) && givenUp(504, eventId, user);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private boolean recently(Instant at, Instant now) {
        return at != null && !at.isBefore(now.minus(othersWithin));
    }

    /**
     * Nothing was taken because the other agents' states wait behind this one, not because AristoTelos is down. Other
     * agents': in an outage with one agent at work, its own later states wait too, and counted, its state was parked
     * as "alone" while AristoTelos took nothing, to be overtaken by the next.
     */
    private boolean othersWaitBehind(String user, Instant storedBefore, Instant now) {
        return !recently(lastFailureOfAnotherAgent.apply(user), now) && othersWaiting.test(user, storedBefore);
    }
}
