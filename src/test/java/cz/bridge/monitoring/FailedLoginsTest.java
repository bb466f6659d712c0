package cz.bridge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import cz.bridge.TestClock;
import org.junit.jupiter.api.Test;

class FailedLoginsTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final FailedLogins logins = new FailedLogins(Duration.ofSeconds(60), clock);

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            logins.failed(address);
        }
    }

    @Test
    void anAddressIsRefusedAfterTenInARowUntilThePauseHasPassedSinceItsLast() {
        fail("10.0.0.1", 9);
        assertThat(logins.refusedForSeconds("10.0.0.1")).isZero();
        clock.advance(Duration.ofSeconds(30));
        fail("10.0.0.1", 1);
        assertThat(logins.refusedForSeconds("10.0.0.1")).isEqualTo(60);
        assertThat(logins.refusedForSeconds("10.0.0.2")).as("another address").isZero();
        clock.advance(Duration.ofMillis(59_500));
        assertThat(logins.refusedForSeconds("10.0.0.1")).as("rounded up").isEqualTo(1);
        clock.advance(Duration.ofMillis(500));
        assertThat(logins.refusedForSeconds("10.0.0.1")).isZero();
        fail("10.0.0.1", 1);
        assertThat(logins.refusedForSeconds("10.0.0.1")).as("a new count").isZero();
    }

    @Test
    void wrongLoginsFurtherApartThanThePauseAreNoRowAndARightOneClearsIt() {
        for (int i = 0; i < 20; i++) {
            fail("10.0.0.1", 1);
            clock.advance(Duration.ofSeconds(61));
        }
        assertThat(logins.refusedForSeconds("10.0.0.1")).isZero();
        fail("10.0.0.3", 9);
        logins.succeeded("10.0.0.3");
        fail("10.0.0.3", 9);
        assertThat(logins.refusedForSeconds("10.0.0.3")).isZero();
    }

    @Test
    void noPauseNeverRefuses() {
        FailedLogins off = new FailedLogins(Duration.ZERO, clock);
        for (int i = 0; i < 100; i++) {
            off.failed("10.0.0.1");
        }
        assertThat(off.refusedForSeconds("10.0.0.1")).isZero();
    }

    /** Found by a concurrency review: guesses sent at once were each let through before any of them was counted. */
    @Test
    void loginsBeingCheckedCountTowardsTheTen() {
        for (int i = 0; i < 10; i++) {
            assertThat(logins.begin("10.0.0.1")).as("login %d", i).isNull();
        }
        FailedLogins.Refused refused = logins.begin("10.0.0.1");
        assertThat(refused).isNotNull();
        assertThat(refused.seconds()).isEqualTo(1);
        assertThat(refused.why()).contains("send one at a time");
        assertThat(logins.begin("10.0.0.2")).as("another address").isNull();
        logins.failed("10.0.0.1");
        logins.end("10.0.0.1");
        assertThat(logins.begin("10.0.0.1")).as("nine being checked and one wrong").isNotNull();
        for (int i = 0; i < 9; i++) {
            logins.end("10.0.0.1");
        }
        for (int i = 0; i < 9; i++) {
            assertThat(logins.begin("10.0.0.1")).as("one wrong, nine being checked").isNull();
        }
        assertThat(logins.begin("10.0.0.1")).isNotNull();
        logins.succeeded("10.0.0.1");
        assertThat(logins.begin("10.0.0.1")).as("a right login clears it").isNull();
    }

    /** A right login among guesses sent at once from the same address (one proxy for everyone) forgets none of them. */
    @Test
    void aRightLoginKeepsTheOthersBeingChecked() {
        assertThat(logins.begin("10.0.0.1")).as("the right one").isNull();
        for (int i = 0; i < 9; i++) {
            assertThat(logins.begin("10.0.0.1")).as("guess %d", i).isNull();
        }
        logins.succeeded("10.0.0.1");
        logins.end("10.0.0.1");
        assertThat(logins.begin("10.0.0.1")).as("nine being checked and one more").isNull();
        assertThat(logins.begin("10.0.0.1")).as("ten being checked").isNotNull();
        for (int i = 0; i < 10; i++) {
            logins.failed("10.0.0.1");
            logins.end("10.0.0.1");
        }
        assertThat(logins.refusedForSeconds("10.0.0.1")).as("the ten guesses wrong").isEqualTo(60);
    }

    @Test
    void loginsCheckedOneAfterAnotherAreCountedOnlyWhenWrong() {
        for (int i = 0; i < 100; i++) {
            assertThat(logins.begin("10.0.0.1")).isNull();
            logins.end("10.0.0.1");
        }
        for (int i = 0; i < 10; i++) {
            assertThat(logins.begin("10.0.0.1")).isNull();
            logins.failed("10.0.0.1");
            logins.end("10.0.0.1");
        }
        assertThat(logins.begin("10.0.0.1").why()).startsWith("10 wrong logins in a row");
    }
}
