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

    /** A login refused during the pause is not checked, so it is no wrong login and the pause ends when it would have. */
    @Test
    void aLoginRefusedDuringThePauseDoesNotLengthenIt() {
        for (int i = 0; i < 10; i++) {
            assertThat(logins.begin("10.0.0.1")).isNull();
            logins.failed("10.0.0.1");
            logins.end("10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(50));
        assertThat(logins.begin("10.0.0.1")).as("a guess 50 s into the pause").isNotNull();
        clock.advance(Duration.ofSeconds(10));
        assertThat(logins.begin("10.0.0.1")).as("60 s after the tenth wrong login").isNull();
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

    /**
     * Found by a review of the management port: a host with an IPv6 network (a /64 is a common grant) could send each
     * guess from a new address of it, and the pause never came.
     */
    @Test
    void anIpv6HostCountsAsItsNetwork() {
        for (int i = 1; i <= 10; i++) {
            logins.failed("2001:db8:1:2::" + Integer.toHexString(i));
        }
        assertThat(logins.refusedForSeconds(logins.countedAs("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isEqualTo(60);
        assertThat(logins.begin(logins.countedAs("2001:db8:1:2:abcd::1")).why()).startsWith("10 wrong logins in a row");
        assertThat(logins.begin(logins.countedAs("2001:db8:1:3::1"))).as("the next network").isNull();
        assertThat(logins.begin(logins.countedAs("::ffff:10.0.0.1"))).as("a mapped IPv4 address is that address").isNull();
        assertThat(FailedLogins.source("::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(FailedLogins.source("10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(FailedLogins.source("2001:DB8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(FailedLogins.source("not an address")).as("as it came").isEqualTo("not an address");
    }

    /**
     * Found by a review: at 10,000 addresses every tally was cleared, the refused ones too, so a guesser with more
     * addresses than that had ten guesses more from each at every clearing. Beyond them, the newcomers' wrong logins
     * are counted together; an address with a right login before keeps its own count.
     */
    @Test
    void beyondTheCountedSourcesTheOthersShareOneCountAndTheRefusedStayRefused() {
        logins.succeeded("192.168.1.5");
        for (int i = 0; i < FailedLogins.MAX_SOURCES; i++) {
            String address = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
            for (int j = 0; j < 10; j++) {
                logins.failed(address);
            }
        }
        assertThat(logins.refusedForSeconds("10.0.0.0")).as("the first refused").isEqualTo(60);
        for (int i = 0; i < 10; i++) {
            String newcomer = "172.16.0." + i;
            assertThat(logins.countedAs(newcomer)).isEqualTo(FailedLogins.OTHERS);
            assertThat(logins.begin(logins.countedAs(newcomer))).as("newcomer %d", i).isNull();
            logins.failed(newcomer);
            logins.end(logins.countedAs(newcomer));
        }
        assertThat(logins.refusedForSeconds("10.0.0.0")).as("still refused").isEqualTo(60);
        assertThat(logins.refusedForSeconds("10.0.39.15")).as("the last one counted alone").isEqualTo(60);
        FailedLogins.Refused refused = logins.begin(logins.countedAs("172.16.1.1"));
        assertThat(refused).as("an eleventh newcomer").isNotNull();
        assertThat(refused.why()).contains("more than 10000 addresses").contains("without a right login before");
        assertThat(logins.begin(logins.countedAs("192.168.1.5"))).as("an address with a right login before").isNull();
        logins.end(logins.countedAs("192.168.1.5"));

        clock.advance(Duration.ofSeconds(60));
        assertThat(logins.countedAs("172.16.1.1")).as("once the pause has passed the tallies go").isEqualTo("172.16.1.1");
        assertThat(logins.begin(logins.countedAs("172.16.1.1"))).isNull();
    }
}
