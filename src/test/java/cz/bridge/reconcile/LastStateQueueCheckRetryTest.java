package cz.bridge.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** An external broker down at start: checked once only, readiness said "not checked" for good and never found a wrong queue. */
class LastStateQueueCheckRetryTest {

    private final LastStates lastStates = mock(LastStates.class);

    @Test
    void aCheckWithoutAnAnswerIsMadeAgainUntilOneIsHad() {
        when(lastStates.notALastValueQueue()).thenThrow(new IllegalStateException("the broker did not answer"))
                .thenReturn(true);
        LastStateQueueCheck check = new LastStateQueueCheck(lastStates, Duration.ZERO);
        check.check();
        assertThat(check.lastValue()).isNull();
        assertThat(check.uncheckedBecause()).isEqualTo("the broker did not answer");
        assertThat(check.lastValueAskingAgain()).as("asked again, and not a last-value queue").isFalse();
        assertThat(check.lastValueAskingAgain()).isFalse();
        verify(lastStates, times(2)).notALastValueQueue();
    }

    @Test
    void notAskedAgainBeforeTheIntervalIsOver() {
        when(lastStates.notALastValueQueue()).thenThrow(new IllegalStateException("the broker did not answer"));
        LastStateQueueCheck check = new LastStateQueueCheck(lastStates, Duration.ofHours(1));
        check.check();
        assertThat(check.lastValueAskingAgain()).isNull();
        verify(lastStates, times(1)).notALastValueQueue();
    }
}
