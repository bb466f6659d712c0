package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import cz.bridge.reconcile.LastStates;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER=0, "kept for ever" (docs/configuration.md): the broker keeps a
 * logged-out agent's last state and a mark like any other, whichever way they were written (the
 * callback route's send with {@code timeToLive} 0, and LastStates' second template with a time to live
 * of 0, JMS's "never"). LastStatesTest has the default, 30 days.
 */
@TestPropertySource(properties = "bridge.daktela.forget-logged-out-after=0")
class LastStatesKeptForEverTest extends BridgeIntegrationTest {

    @Autowired
    LastStates lastStates;

    @Test
    void withTheSettingZeroNothingInTheLastStatesExpires() {
        String gone = agent("kept-gone"), missed = agent("kept-missed");
        sendAccepted(callbackJson(null, "login", gone, null, "1795507200"));
        sendAccepted(callbackJson(null, "logout", gone, null, "1795507260"));
        assertThat(lastStates.find(gone).kind().name()).isEqualTo("LOGOUT");
        assertThat(lastStateExpiration(gone)).as("a LOGOUT stored by a callback").isZero();

        lastStates.mark(missed, OffsetDateTime.parse("2026-11-24T10:00:00+01:00"));
        assertThat(lastStateExpiration(MARK_PREFIX + missed)).as("a set mark").isZero();
        lastStates.mark(missed, null);
        assertThat(lastStateExpiration(MARK_PREFIX + missed)).as("a cleared mark").isZero();

        lastStates.restore(lastStates.find(gone));
        assertThat(lastStateExpiration(gone)).as("a LOGOUT put back").isZero();
    }
}
