package cz.bridge.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log message with its control characters escaped, so that every message stays one line:
 * values from the public callback port (a username, a pause, an id, AristoTelos's answers)
 * cannot start a line that looks like one of the bridge's, move the cursor or hide text with
 * escape sequences. Replaces logback's %m/%msg/%message in Spring Boot's own patterns
 * (logback-spring.xml); stack traces, printed by their own converter, keep their lines.
 */
public class OneLineMessage extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return escape(super.convert(event));
    }

    static String escape(String message) {
        if (message == null || message.chars().noneMatch(OneLineMessage::needsEscape)) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length() + 16);
        message.chars().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        });
        return out.toString();
    }

    private static boolean needsEscape(int c) {
        return (Character.isISOControl(c) && c != '\t') || c == 0x2028 || c == 0x2029;
    }
}
