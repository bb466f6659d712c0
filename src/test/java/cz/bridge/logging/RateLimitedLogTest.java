package cz.bridge.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The log a flood cannot multiply: the callback port's refusals, failed logins, and a token failure that each of the
 * 20 deliveries meets. The repeat after the interval, with its count of the lines left out, was tested nowhere.
 */
class RateLimitedLogTest {

    private static final Duration INTERVAL = Duration.ofMillis(300);

    private final Logger logger = (Logger) LoggerFactory.getLogger("cz.bridge.logging.RateLimitedLogTest.target");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    private List<String> written() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theFirstLineThenOnePerIntervalSayingHowManyWereLeftOut() {
        RateLimitedLog log = new RateLimitedLog(logger, INTERVAL);
        for (int i = 0; i < 5; i++) {
            log.warn("refused {}", i);
        }
        assertThat(written()).containsExactly("refused 0");
        int[] tries = {0};
        await().pollDelay(INTERVAL).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            tries[0]++;
            log.warn("refused {}", 9);
            assertThat(written()).hasSize(2);
        });
        // the four after the first, and the tries before the interval had passed (the one written not among them)
        assertThat(written().get(1)).isEqualTo("refused 9 (and " + (4 + tries[0] - 1) + " more like it left out of the log since the last one)");
    }

    @Test
    void aChangedFailureIsWrittenAtOnceTheSameOneAgainOnlyAfterTheIntervalAndAResetStartsAfresh() {
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ofMinutes(5));
        log.warnOnChange("refused", "Token request failed: {}", "refused");
        log.warnOnChange("refused", "Token request failed: {}", "refused");
        assertThat(written()).containsExactly("Token request failed: refused");
        log.warnOnChange("unreachable", "Token request failed: {}", "unreachable");
        assertThat(written()).containsExactly("Token request failed: refused", "Token request failed: unreachable");
        log.warnOnChange("unreachable", "Token request failed: {}", "unreachable");
        assertThat(written()).hasSize(2);
        log.reset();
        log.warnOnChange("unreachable", "Token request failed: {}", "unreachable");
        assertThat(written()).hasSize(3).last().isEqualTo("Token request failed: unreachable");
    }
}
