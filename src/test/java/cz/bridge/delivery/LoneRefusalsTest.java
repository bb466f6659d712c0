package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import cz.bridge.TestClock;
import org.junit.jupiter.api.Test;

/**
 * When a state AristoTelos answers 5xx is given up: only while AristoTelos takes other states, after give-up-after, or
 * after give-up-when-others-wait while other agents' states wait behind it.
 */
class LoneRefusalsTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final AtomicReference<Instant> othersDelivered = new AtomicReference<>();
    private final AtomicReference<Instant> othersFailed = new AtomicReference<>();
    private final AtomicBoolean othersWaiting = new AtomicBoolean();
    /** When the first event of another agent waiting in the queue was stored. */
    private final AtomicReference<Instant> othersStored = new AtomicReference<>(Instant.EPOCH);
    private final LoneRefusals refusals = new LoneRefusals(othersDelivered::get, user -> "u1".equals(user) ? othersFailed.get() : null,
            (user, storedBefore) -> othersWaiting.get() && !othersStored.get().isAfter(storedBefore), clock,
            Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(2));

    /** A 5xx for the event a minute from the last, with another state taken just before each. */
    private boolean failAfter(Duration later, String eventId, boolean othersTaken) {
        clock.advance(later);
        if (othersTaken) {
            othersDelivered.set(clock.instant().minusSeconds(5));
        }
        return refusals.givenUp(500, eventId, "u1");
    }

    @Test
    void givenUpAfterTenMinutesOfFailingAloneAndAskedAgainStillSo() {
        for (int minute = 0; minute < 10; minute++) {
            assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).as("minute %d", minute).isFalse();
        }
        assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).isTrue();
        // Camel's doCatch asks twice for one failure
        assertThat(refusals.givenUp(503, "e1", "u1")).isTrue();
        assertThat(refusals.givenUp(500, "e2", "u2")).as("another event starts its own count").isFalse();
    }

    /**
     * In a partial outage events that fail once and are then taken leave their entries behind; a map full of them was
     * cleared whole, and with it the count of a state failing alone all along: it was never parked (concurrency review).
     */
    @Test
    void aStateFailingAloneKeepsItsCountWhileEventsFailingOnceFillTheMap() {
        for (int minute = 0; minute < 10; minute++) {
            assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).as("minute %d", minute).isFalse();
            for (int i = 0; i < 600; i++) {
                refusals.givenUp(503, "once-" + minute + "-" + i, "u" + i);
            }
        }
        assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).as("failing alone for ten minutes").isTrue();
    }

    @Test
    void anOutageOrAQuietSpellStartsTheCountAgain() {
        assertThat(failAfter(Duration.ZERO, "e1", false)).as("nothing taken yet").isFalse();
        for (int minute = 0; minute < 8; minute++) {
            assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).isFalse();
        }
        // AristoTelos took nothing for three minutes: an outage, not this state's fault
        assertThat(failAfter(Duration.ofMinutes(3), "e1", false)).isFalse();
        // counted from the first 5xx alone after it: ten more minutes
        for (int minute = 0; minute < 10; minute++) {
            assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).as("minute %d after the outage", minute).isFalse();
        }
        assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).isTrue();
    }

    /**
     * The broker hands out nothing more once the delivery thread retrying this state has its buffer full of the
     * events of its agents: nothing is taken, no other agent's delivery fails, and events wait. The count goes on, and
     * as every agent waits for this state, it is given up after give-up-when-others-wait (1 min), not ten: before, ten
     * minutes in which no agent's state went out, for each such state.
     */
    @Test
    void whileTheOtherStatesWaitBehindThisOneItIsGivenUpAfterAMinute() {
        assertThat(failAfter(Duration.ZERO, "e1", true)).isFalse();
        othersWaiting.set(true);
        assertThat(failAfter(Duration.ofSeconds(20), "e1", false)).as("20 s").isFalse();
        assertThat(failAfter(Duration.ofSeconds(20), "e1", false)).as("40 s").isFalse();
        assertThat(failAfter(Duration.ofSeconds(20), "e1", false)).as("a minute, nothing taken meanwhile").isTrue();
        // Camel's doCatch asks twice for one failure
        assertThat(refusals.givenUp(500, "e1", "u1")).isTrue();
        assertThat(refusals.whyGivenUp("e1")).isEqualTo("for 1m while other agents' states waited behind it: parked so that "
                + "they and the agent's later states go on");
    }

    /** As long while AristoTelos takes other states and the others' events wait, whether or not it takes any. */
    @Test
    void aStateFailingAloneWithOthersTakenAndWaitingIsGivenUpAfterAMinute() {
        assertThat(failAfter(Duration.ZERO, "e1", true)).isFalse();
        othersWaiting.set(true);
        assertThat(failAfter(Duration.ofSeconds(30), "e1", true)).isFalse();
        assertThat(failAfter(Duration.ofSeconds(30), "e1", true)).isTrue();
    }

    /**
     * An event of another agent stored since this state's previous failure, or within the last second, may be on its way
     * to a free delivery thread: not held. Given up after give-up-after, as any state failing alone.
     */
    @Test
    void eventsStoredSinceThePreviousFailureAreNotHeld() {
        othersWaiting.set(true);
        for (int minute = 0; minute < 10; minute++) {
            othersStored.set(clock.instant().plusSeconds(30));
            assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).as("minute %d", minute).isFalse();
        }
        othersStored.set(clock.instant().plusMillis(59_500));
        assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).as("ten minutes").isTrue();
        assertThat(refusals.whyGivenUp("e1")).isEqualTo("for 10m while other states were taken: parked so that the agent's "
                + "later states go on");
    }

    /** Nor one that has waited less than a second: the delivery threads may all be busy for a moment. */
    @Test
    void anEventWaitingUnderASecondIsNotHeld() {
        othersWaiting.set(true);
        othersStored.set(clock.instant().minusMillis(100));
        assertThat(failAfter(Duration.ZERO, "e1", true)).isFalse();
        for (int retry = 0; retry < 4; retry++) {
            assertThat(failAfter(Duration.ofMillis(200), "e1", true)).isFalse();
        }
        assertThat(refusals.whyGivenUp("e1")).as("waiting 0.9 s").startsWith("for 10m while other states were taken");
        assertThat(failAfter(Duration.ofMillis(200), "e1", true)).isFalse();
        assertThat(refusals.whyGivenUp("e1")).as("waiting 1.1 s").startsWith("for 1m while other agents' states waited behind it");
    }

    @Test
    void durationsAreWrittenAsTheSettingIs() {
        assertThat(LoneRefusals.words(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(LoneRefusals.words(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(LoneRefusals.words(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(LoneRefusals.words(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(LoneRefusals.words(Duration.ZERO)).isEqualTo("0s");
    }

    /** In an outage the other agents' deliveries fail too, and with nothing waiting it is a quiet night: both start again. */
    @Test
    void nothingTakenWithOtherAgentsFailingOrNothingWaitingStartsTheCountAgain() {
        for (int minute = 0; minute < 5; minute++) {
            failAfter(Duration.ofMinutes(1), "e1", true);
        }
        othersWaiting.set(true);
        clock.advance(Duration.ofMinutes(3));
        othersFailed.set(clock.instant().minusSeconds(30));
        assertThat(refusals.givenUp(500, "e1", "u1")).as("another agent's delivery failed").isFalse();
        othersWaiting.set(false);
        othersFailed.set(null);
        for (int minute = 0; minute < 12; minute++) {
            assertThat(failAfter(Duration.ofMinutes(1), "e1", false)).as("minute %d, nothing waiting", minute).isFalse();
        }
        // with events waiting but no count begun while others were taken: an outage from the start
        othersWaiting.set(true);
        for (int minute = 0; minute < 12; minute++) {
            assertThat(failAfter(Duration.ofMinutes(1), "e3", false)).as("minute %d, never alone", minute).isFalse();
        }
    }

    /** Replayed from the parked events an hour later, a state that still fails is counted from its replay. */
    @Test
    void aReplayedStateIsCountedAgain() {
        for (int minute = 0; minute < 10; minute++) {
            failAfter(Duration.ofMinutes(1), "e1", true);
        }
        assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).isTrue();
        assertThat(failAfter(Duration.ofHours(1), "e1", true)).as("the replay's first failure").isFalse();
        assertThat(failAfter(Duration.ofMinutes(9), "e1", true)).as("a gap of nine minutes is a new count too").isFalse();
    }

    /** No answer from AristoTelos, reached, counts as a 5xx; a connection not made fails every state alike and does not. */
    @Test
    void anAnswerThatDidNotComeCountsAndAConnectionNotMadeDoesNot() {
        for (int minute = 0; minute <= 10; minute++) {
            clock.advance(Duration.ofMinutes(1));
            othersDelivered.set(clock.instant().minusSeconds(5));
            assertThat(refusals.givenUpUnanswered(new java.net.ConnectException("Connection refused"), "e1", "u1")).isFalse();
            assertThat(refusals.givenUpUnanswered(new java.net.SocketTimeoutException("Connect timed out"), "e1", "u1")).isFalse();
            assertThat(refusals.givenUpUnanswered(new java.net.NoRouteToHostException("No route to host"), "e1", "u1")).isFalse();
            assertThat(refusals.givenUpUnanswered(new java.net.SocketTimeoutException("Read timed out"), "e2", "u2"))
                    .as("minute %d", minute).isEqualTo(minute == 10);
            // reset by AristoTelos or its proxy after the request was sent: retried for ever before
            assertThat(refusals.givenUpUnanswered(new java.net.SocketException("Connection reset"), "e3", "u3"))
                    .as("minute %d", minute).isEqualTo(minute == 10);
        }
    }

    @Test
    void onlyServerErrorsCount() {
        othersDelivered.set(clock.instant());
        assertThat(refusals.givenUp(429, "e1", "u1")).isFalse();
        clock.advance(Duration.ofMinutes(11));
        othersDelivered.set(clock.instant());
        assertThat(refusals.givenUp(429, "e1", "u1")).isFalse();
        assertThat(refusals.givenUp(500, null, "u1")).isFalse();
    }
}
