package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import cz.bridge.TestClock;
import cz.bridge.mapping.OutboundState;
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
            user -> othersWaiting.get() ? othersStored.get() : null, clock,
            Duration.ofMinutes(10), Duration.ofMinutes(1), true, Duration.ofMinutes(2));

    /** With one delivery thread, give-up-after 10 min; no other agent's delivery failing. */
    private LoneRefusals oneThread(Duration giveUpWhenOthersWait) {
        return new LoneRefusals(othersDelivered::get, user -> null, user -> othersWaiting.get() ? othersStored.get() : null,
                clock, Duration.ofMinutes(10), giveUpWhenOthersWait, false, Duration.ofMinutes(2));
    }

    /** A 5xx for the event a minute from the last, with another state taken just before each. */
    private boolean failAfter(Duration later, String eventId, boolean othersTaken) {
        clock.advance(later);
        if (othersTaken) {
            othersDelivered.set(clock.instant().minusMillis(1));
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
     * once the others have waited give-up-when-others-wait (1 min), the state is given up, not after ten minutes:
     * before, ten minutes in which no agent's state went out, for each such state.
     */
    @Test
    void whileTheOtherStatesWaitBehindThisOneItIsGivenUpOnceTheyWaitedAMinute() {
        assertThat(failAfter(Duration.ZERO, "e1", true)).isFalse();
        assertThat(failAfter(Duration.ofSeconds(10), "e1", true)).as("AristoTelos took another state since").isFalse();
        othersWaiting.set(true);
        othersStored.set(clock.instant().minusMillis(500));
        // from here nothing is taken: the others wait behind this state, since its failure at 10 s at the latest
        assertThat(failAfter(Duration.ofSeconds(10), "e1", false)).as("20 s").isFalse();
        assertThat(failAfter(Duration.ofSeconds(20), "e1", false)).as("40 s").isFalse();
        assertThat(failAfter(Duration.ofSeconds(20), "e1", false)).as("60 s").isFalse();
        assertThat(failAfter(Duration.ofSeconds(10), "e1", false)).as("the others waited a minute").isTrue();
        // asked again for the same failure (Camel's doCatch may), or back after its parking failed, with the queue
        // moving meanwhile: the same
        othersWaiting.set(false);
        assertThat(refusals.givenUp(500, "e1", "u1")).isTrue();
        assertThat(failAfter(Duration.ofSeconds(1), "e1", true)).as("its parking failed").isTrue();
        assertThat(refusals.whyGivenUp("e1")).isEqualTo("for 1m while other agents' states waited behind it: parked so that "
                + "they and the agent's later states go on");
    }

    /** The others' events waiting only now and then (taken between the tries) do not add up to a minute. */
    @Test
    void othersWaitingNowAndThenDoNotAddUp() {
        assertThat(failAfter(Duration.ZERO, "e1", true)).isFalse();
        for (int retry = 1; retry < 30; retry++) {
            othersWaiting.set(retry % 2 == 1);
            // stored just before the previous try: waiting 20 s at this one
            othersStored.set(clock.instant().minusSeconds(1));
            assertThat(failAfter(Duration.ofSeconds(20), "e1", true)).as("retry %d", retry).isFalse();
        }
        othersWaiting.set(false);
        assertThat(failAfter(Duration.ofSeconds(20), "e1", true)).as("ten minutes alone").isTrue();
        assertThat(refusals.whyGivenUp("e1")).isEqualTo("for 10m while other states were taken or waited behind it: parked so that the agent's "
                + "later states go on");
    }

    /**
     * An outage that begins just after a delivery, with the events waiting all on this state's thread (a quiet night,
     * two agents at work): AristoTelos has taken nothing since this state first failed, so the waiting is not counted
     * as held by it, and only keeps its count alone going, as before the shorter rule: given up after ten minutes, not one.
     */
    @Test
    void othersWaitingCountAsHeldOnlyOnceAristotelosTookAStateSinceTheFirstFailure() {
        othersWaiting.set(true);
        assertThat(failAfter(Duration.ZERO, "e1", true)).isFalse();
        for (int retry = 0; retry < 29; retry++) {
            assertThat(failAfter(Duration.ofSeconds(20), "e1", false)).as("retry %d", retry).isFalse();
        }
        assertThat(failAfter(Duration.ofSeconds(20), "e1", false)).as("ten minutes").isTrue();
        assertThat(refusals.whyGivenUp("e1")).startsWith("for 10m while other states were taken");
    }

    /**
     * After an outage of connections refused (no failure of this state's is counted meanwhile), its first 5xx comes
     * just after the other threads delivered theirs, and then everything waits behind it: not held by the shorter rule
     * (nothing taken since its retries began), but its count alone goes on while they wait, and it is given up after
     * ten minutes (it was retried for ever: a review).
     */
    @Test
    void aStateFirstFailingJustAfterTheOthersWereTakenIsGivenUpWhileTheyWait() {
        othersDelivered.set(clock.instant().minusMillis(500));
        othersWaiting.set(true);
        assertThat(refusals.givenUp(500, "e1", "u1")).isFalse();
        for (int minute = 0; minute < 9; minute++) {
            assertThat(failAfter(Duration.ofMinutes(1), "e1", false)).as("minute %d", minute).isFalse();
        }
        assertThat(failAfter(Duration.ofMinutes(1), "e1", false)).as("ten minutes").isTrue();
    }

    /**
     * An outage fills this state's thread's buffer; when it ends, the other threads deliver theirs and then wait, the
     * broker stopped at this state, which AristoTelos still refuses. Its run of failures began in the outage, before
     * AristoTelos took those states: the waiting counts, and it is given up a minute later. (Counted from a run begun
     * after the outage, it was retried for ever while every agent waited: a review.)
     */
    @Test
    void afterAnOutageAStateHoldingTheOthersIsGivenUpOnceTheyWaitedAMinute() {
        othersDelivered.set(clock.instant().minusSeconds(600));
        for (int minute = 0; minute < 5; minute++) {
            assertThat(failAfter(Duration.ofMinutes(1), "e1", false)).as("outage, minute %d", minute).isFalse();
        }
        // the outage ends: the other threads' states are taken, and then everything waits behind this one
        othersDelivered.set(clock.instant().plusSeconds(5));
        othersWaiting.set(true);
        othersStored.set(clock.instant().plusSeconds(6));
        assertThat(failAfter(Duration.ofSeconds(60), "e1", false)).as("the first failure after the outage, 54 s waiting").isFalse();
        assertThat(failAfter(Duration.ofSeconds(10), "e1", false)).as("64 s waiting").isTrue();
        assertThat(refusals.whyGivenUp("e1")).startsWith("for 1m while other agents' states waited behind it");
    }

    /**
     * Replayed soon after it was parked, in an outage: retried until AristoTelos is back, not parked again at its first
     * failure (the given-up answer was kept for two longest pauses: a review).
     */
    @Test
    void aStateReplayedInAnOutageSoonAfterItWasGivenUpIsRetried() {
        for (int minute = 0; minute < 10; minute++) {
            failAfter(Duration.ofMinutes(1), "e1", true);
        }
        assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).isTrue();
        refusals.forget(new OutboundState("u1", "Login", 1, "Login", 0, null, OffsetDateTime.parse("2026-11-24T08:00:00+01:00"),
                "e1", null)); // parked (routes/parking.camel.yaml)
        clock.advance(Duration.ofSeconds(30));
        assertThat(refusals.givenUp(500, "e1", "u1")).as("replayed 30 s later, AristoTelos taking nothing since").isFalse();
        assertThat(failAfter(Duration.ofSeconds(1), "e1", false)).isFalse();
    }

    /**
     * With one delivery thread nothing is taken after a state's first failure, and an outage looks the same as a state
     * failing alone with the others waiting: the waiting counts as before this rule, for give-up-after.
     */
    @Test
    void withOneDeliveryThreadTheOthersWaitingCountForGiveUpAfter() {
        LoneRefusals oneThread = oneThread(Duration.ofMinutes(10));
        othersDelivered.set(clock.instant().minusSeconds(1));
        othersWaiting.set(true);
        assertThat(oneThread.givenUp(500, "e1", "u1")).isFalse();
        for (int minute = 0; minute < 10; minute++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(oneThread.givenUp(500, "e1", "u1")).as("minute %d", minute).isEqualTo(minute == 9);
        }
    }

    /**
     * A state failing alone holds the others; then, for four minutes, AristoTelos refuses connections (failures not
     * counted here) and nothing else is tried. Its count starts again at its next 5xx while the others still wait, and it
     * is given up ten minutes later, as before the shorter rule (a new run then never counted as alone: retried for
     * ever while every agent waited, a review).
     */
    @Test
    void afterAGapOfUncountedFailuresTheCountStartsAgainWhileTheOthersWait() {
        othersDelivered.set(clock.instant().plusSeconds(20));
        othersWaiting.set(true);
        othersStored.set(clock.instant().plusSeconds(15));
        assertThat(refusals.givenUp(500, "e1", "u1")).isFalse();
        for (int pause : new int[] {1, 2, 4, 8, 16, 32}) {
            assertThat(failAfter(Duration.ofSeconds(pause), "e1", false)).as("%d s", pause).isFalse();
        }
        clock.advance(Duration.ofSeconds(240));
        for (int minute = 0; minute < 10; minute++) {
            assertThat(failAfter(Duration.ofMinutes(minute == 0 ? 0 : 1), "e1", false)).as("minute %d after the gap", minute).isFalse();
        }
        assertThat(failAfter(Duration.ofMinutes(1), "e1", false)).as("ten minutes after the gap").isTrue();
    }

    /**
     * With one delivery thread, an outage on a quiet night (nothing taken for minutes before it) while other agents'
     * events wait: nothing is given up (the shorter rule parked it after ten minutes, a review).
     */
    @Test
    void withOneDeliveryThreadAnOutageOnAQuietNightParksNothing() {
        LoneRefusals oneThread = oneThread(Duration.ofMinutes(10));
        othersDelivered.set(clock.instant().minusSeconds(300));
        othersWaiting.set(true);
        othersStored.set(clock.instant().plusSeconds(30));
        assertThat(oneThread.givenUp(500, "e1", "u1")).isFalse();
        for (int minute = 0; minute < 20; minute++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(oneThread.givenUp(500, "e1", "u1")).as("minute %d", minute).isFalse();
        }
    }

    /**
     * With one delivery thread, even an answer in flight taken after the state's first failure (the one thread's own
     * call before it) does not make the others' waiting "held": no shorter rule there.
     */
    @Test
    void withOneDeliveryThreadThereIsNoShorterRule() {
        LoneRefusals oneThread = oneThread(Duration.ofMinutes(1));
        othersWaiting.set(true);
        assertThat(oneThread.givenUp(500, "e1", "u1")).isFalse();
        othersDelivered.set(clock.instant().plusMillis(50));
        for (int minute = 0; minute < 5; minute++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(oneThread.givenUp(500, "e1", "u1")).as("minute %d", minute).isFalse();
        }
    }

    /** In an outage the other threads' deliveries fail too: their events waiting are no sign of this state's fault. */
    @Test
    void othersWaitingWhileAnotherAgentsDeliveryFailsAreNotHeld() {
        assertThat(failAfter(Duration.ZERO, "e1", true)).isFalse();
        assertThat(failAfter(Duration.ofSeconds(10), "e1", true)).isFalse();
        othersWaiting.set(true);
        for (int retry = 0; retry < 30; retry++) {
            clock.advance(Duration.ofSeconds(20));
            othersFailed.set(clock.instant().minusSeconds(1));
            assertThat(refusals.givenUp(500, "e1", "u1")).as("retry %d", retry).isFalse();
        }
    }

    /**
     * Events that have waited long, but behind a queue that moves (a backlog being delivered, AristoTelos taking the
     * others' states all along): not held by this state. Given up after give-up-after, as any state failing alone.
     */
    @Test
    void eventsWaitingInAQueueThatMovesAreNotHeld() {
        othersWaiting.set(true);
        othersStored.set(clock.instant().minusSeconds(300));
        assertThat(failAfter(Duration.ZERO, "e1", true)).isFalse();
        for (int retry = 0; retry < 599; retry++) {
            assertThat(failAfter(Duration.ofSeconds(1), "e1", true)).as("retry %d", retry).isFalse();
        }
        assertThat(failAfter(Duration.ofSeconds(1), "e1", true)).as("ten minutes").isTrue();
        assertThat(refusals.whyGivenUp("e1")).startsWith("for 10m while other states were taken");
    }

    /**
     * A count alone goes on while the others wait behind it, also where the shorter rule does not count them (their
     * first event stored after this state's retries began): given up after give-up-after, as before that rule (a
     * count dropped there never came back, and every agent waited for ever: a review).
     */
    @Test
    void aCountAloneGoesOnWhileEventsStoredLaterWaitBehindIt() {
        othersDelivered.set(clock.instant().minusSeconds(5));
        assertThat(refusals.givenUp(500, "e1", "u1")).isFalse();
        for (int minute = 0; minute < 9; minute++) {
            if (minute == 1) {
                othersWaiting.set(true);
                othersStored.set(clock.instant().plusSeconds(30));
            }
            assertThat(failAfter(Duration.ofMinutes(1), "e1", false)).as("minute %d", minute).isFalse();
        }
        assertThat(failAfter(Duration.ofMinutes(1), "e1", false)).as("ten minutes").isTrue();
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
        // a gap longer than two longest pauses: a new count too
        assertThat(failAfter(Duration.ofMinutes(3), "e1", true)).isFalse();
        for (int minute = 0; minute < 9; minute++) {
            assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).as("minute %d after the gap", minute).isFalse();
        }
        assertThat(failAfter(Duration.ofMinutes(1), "e1", true)).as("ten minutes after the gap").isTrue();
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
        for (int minute = 0; minute <= 11; minute++) {
            clock.advance(Duration.ofMinutes(1));
            othersDelivered.set(clock.instant().minusSeconds(1));
            assertThat(refusals.givenUp(429, "e1", "u1")).as("minute %d", minute).isFalse();
            assertThat(refusals.givenUp(500, null, "u1")).isFalse();
        }
    }
}
