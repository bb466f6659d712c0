package cz.bridge.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps the embedded broker's AMQ222059 ("Duplicate message detected", at WARN, with the whole
 * message) out of the log (logback-spring.xml): refusing a duplicate id is the broker doing the
 * bridge's de-duplication (Daktela's resends, a repair stored before), and the bridge logs each in
 * its own words ("Duplicate event ... answered 200"). Artemis logs all its server messages under one
 * logger, so a level would hide its real warnings too, and Logback has no filter on a message's text
 * without a scripting library.
 */
public class BrokerDuplicateWarningFilter extends TurboFilter {

    private static final String SERVER_LOGGER = "org.apache.activemq.artemis.core.server";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        return format != null && format.startsWith("AMQ222059") && SERVER_LOGGER.equals(logger.getName())
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
