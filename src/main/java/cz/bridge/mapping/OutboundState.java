package cz.bridge.mapping;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import cz.bridge.intake.DaktelaTime;

/** A translated event: the values the route's request template puts into AristoTelos's request. */
public record OutboundState(String user, String stateName, int stateId, String stateCode, int reasonId,
                            String reasonCode, OffsetDateTime time, String eventId, String pause) {

    public String timestamp() {
        return DaktelaTime.format(time);
    }

    /**
     * Every value as a JSON literal (a quoted, escaped string, a number, or null), so that a
     * template in a route file builds valid JSON whatever a username or pause name holds.
     */
    public Map<String, String> json() {
        return Map.of("user", quote(user), "stateName", quote(stateName), "stateId", Integer.toString(stateId),
                "stateCode", quote(stateCode), "reasonId", Integer.toString(reasonId), "reasonCode", quote(reasonCode),
                "timestamp", quote(timestamp()), "eventId", quote(eventId), "pause", quote(pause));
    }

    private static String quote(String value) {
        return value == null ? "null" : '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }
}
