package cz.bridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tells a state AristoTelos keeps answering 5xx while it takes other states (a fault tied to this state or
 * employee) from AristoTelos being down. The first is retried for bridge.delivery.give-up-after and then
 * parked (aristotelos.camel.yaml, refused-alone): retried for ever, it would hold back the agent's later
 * states and the agents whose events share its delivery thread. The second is retried until AristoTelos is
 * back, as before. A 5xx counts as "alone" when AristoTelos took another state within the last two longest
 * retry pauses; one that does not (an outage, or a night without other traffic) starts the count again.
 * Camel's error handler has no such rule (its retries count tries, not what other deliveries do).
 */
public class LoneRefusals {

    /** Event ids counted at once: more than the deliveries in parallel only with the entries of parked or delivered events. */
    private static final int MAX_COUNTED = 1_000;

    private final Supplier<Instant> lastDelivered;
    private final Clock clock;
    private final Duration giveUpAfter;
    private final Duration othersWithin;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    /** Since when an event has failed alone, and when it last did. */
    private record Count(Instant since, Instant last) {
    }

    /**
     * @param lastDelivered when AristoTelos last took a state (DeliveryRecorder), or null
     * @param othersWithin  a 5xx is "alone" when AristoTelos took a state this recently
     */
    public LoneRefusals(Supplier<Instant> lastDelivered, Clock clock, Duration giveUpAfter, Duration othersWithin) {
        this.lastDelivered = lastDelivered;
        this.clock = clock;
        this.giveUpAfter = giveUpAfter;
        this.othersWithin = othersWithin;
    }

    /**
     * Called for each failed call with AristoTelos's answer status.
     *
     * @return true when AristoTelos has answered this event 5xx, alone, for give-up-after: park it
     */
    public boolean givenUp(int status, String eventId) {
        if (status < 500 || eventId == null) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = lastDelivered.get();
        if (last == null || last.isBefore(now.minus(othersWithin))) {
            counts.remove(eventId);
            return false;
        }
        if (counts.size() >= MAX_COUNTED) {
            counts.values().removeIf(count -> count.last().isBefore(now.minus(othersWithin)));
            if (counts.size() >= MAX_COUNTED) {
                counts.clear();
            }
        }
        // a count goes on while the event is retried without a gap (a retry comes at most one longest pause after
        // the last); one that came back later (replayed from the parked events) starts again. Kept when it says
        // true: Camel's doCatch evaluates its onWhen twice for one failure
        Count count = counts.compute(eventId, (id, before) -> before == null || before.last().isBefore(now.minus(othersWithin))
                ? new Count(now, now) : new Count(before.since(), now));
        return Duration.between(count.since(), now).compareTo(giveUpAfter) >= 0;
    }
}
