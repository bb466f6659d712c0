package cz.bridge.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import cz.bridge.config.SharedNames;

/**
 * Keeps two of the embedded broker's warnings about what the bridge asks of it out of the log
 * (logback-spring.xml). AMQ222059 ("Duplicate message detected", with the whole message): refusing a
 * duplicate id is the broker doing the bridge's de-duplication (Daktela's resends, a repair stored
 * before), and the bridge logs each in its own words ("Duplicate event ... answered 200").
 * AMQ222147 for bridge.last-state ("... no Expiry Address configured so messages will be dropped"):
 * dropping a logged-out agent's expired last state is what that queue is set up for
 * (BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER). Artemis logs all its server messages under one logger, so
 * a level would hide its real warnings too, and Logback has no filter on a message's text without a
 * scripting library. An appender filter, not a turbo filter (why: application.yml; bench/README.md, "Turbo filters").
 */
public class ExpectedBrokerWarnings extends Filter<ILoggingEvent> {

    private static final String SERVER_LOGGER = "org.apache.activemq.artemis.core.server";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String format = event.getMessage();
        if (format == null || !format.startsWith("AMQ222") || !SERVER_LOGGER.equals(event.getLoggerName())) {
            return FilterReply.NEUTRAL;
        }
        Object[] params = event.getArgumentArray();
        boolean expected = format.startsWith("AMQ222059")
                || format.startsWith("AMQ222147") && params != null && params.length > 0
                        && SharedNames.LAST_STATE_QUEUE.equals(String.valueOf(params[0]));
        return expected ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
