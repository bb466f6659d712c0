package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** How a pause or a timeout reads in a log line ("next try in …", "no answer within …"). */
class AristotelosUnavailableTest {

    @Test
    void aPauseReadsInWholeSecondsFromTenSecondsAndInTenthsBelow() {
        assertThat(AristotelosUnavailable.seconds(Duration.ofSeconds(2))).isEqualTo("2 s");
        assertThat(AristotelosUnavailable.seconds(Duration.ofMillis(230))).isEqualTo("0.2 s");
        assertThat(AristotelosUnavailable.seconds(Duration.ofMillis(1_740))).isEqualTo("1.7 s");
        assertThat(AristotelosUnavailable.seconds(Duration.ofMillis(9_949))).isEqualTo("9.9 s");
        // a jittered back-off read "11.0 s" and "10.0 s"
        assertThat(AristotelosUnavailable.seconds(Duration.ofMillis(11_040))).isEqualTo("11 s");
        assertThat(AristotelosUnavailable.seconds(Duration.ofMillis(9_960))).isEqualTo("10 s");
        assertThat(AristotelosUnavailable.seconds(Duration.ofMillis(45_600))).isEqualTo("46 s");
        assertThat(AristotelosUnavailable.seconds(null)).isEqualTo("its timeout");
    }
}
