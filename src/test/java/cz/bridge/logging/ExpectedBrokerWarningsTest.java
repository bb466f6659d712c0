package cz.bridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.junit.jupiter.api.Test;

/**
 * The broker says each of these once per queue and process, so the in-process suite sees the drop warning at most
 * once (LastStatesTest): here the filter's decisions themselves, with the broker's own message formats.
 */
class ExpectedBrokerWarningsTest {

    private static final String DROPPING = "AMQ222147: Messages are being expired on queue {}, but there is no Expiry "
            + "Address configured so messages will be dropped.";

    private final ExpectedBrokerWarnings filter = new ExpectedBrokerWarnings();
    private final LoggerContext context = new LoggerContext();
    private final Logger broker = context.getLogger("org.apache.activemq.artemis.core.server");

    @Test
    void theLastStatesDroppedAndRefusedDuplicateIdsAreKeptOutAndNothingElse() {
        assertThat(decide(broker, DROPPING, SimpleString.of("bridge.last-state"))).isEqualTo(FilterReply.DENY);
        assertThat(decide(broker, "AMQ222059: Duplicate message detected through the bridge - message will not be routed. Message information:\n{}",
                "a message")).isEqualTo(FilterReply.DENY);
        // events expiring anywhere else would be a fault: still logged
        assertThat(decide(broker, DROPPING, SimpleString.of("bridge.events"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(broker, "AMQ222146: Message has expired. No bindings for Expiry Address {} so dropping it",
                SimpleString.of("ExpiryQueue"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(context.getLogger("cz.bridge.other"), DROPPING, SimpleString.of("bridge.last-state")))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    private FilterReply decide(Logger logger, String format, Object param) {
        return filter.decide(new LoggingEvent(Logger.class.getName(), logger, Level.WARN, format, null, new Object[] {param}));
    }
}
