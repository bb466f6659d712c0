package cz.bridge.delivery;

import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import cz.bridge.intake.AgentEvent;
import cz.bridge.logging.OneLine;
import cz.bridge.intake.EventCodec;
import cz.bridge.intake.EventKind;

/**
 * Reads a stored event for delivery, and refuses one that cannot be delivered as it is: text
 * that is not an agent event's JSON, a field missing, or a field longer than the intake's bounds ({@link AgentEvent}).
 * Such an event is parked at once ({@link UnreadableEvent}); retried, it would fail the same way,
 * and fields that long fail further on (a 200 KB id is refused as the Idempotency-Key, a 200 KB
 * pause made the parking reason too large for the broker). The intake refuses such callbacks
 * with 400; this check covers events already stored, or stored by an older version.
 */
public record StoredEventReader(EventCodec codec) {

    public AgentEvent read(Object body) {
        if (!(body instanceof String text)) {
            throw new UnreadableEvent(body == null ? "the message has no body" : "the message holds no text but " + body.getClass().getSimpleName());
        }
        AgentEvent event;
        try {
            event = codec.fromJson(text);
        } catch (UncheckedIOException e) {
            String detail = e.getCause() instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new UnreadableEvent("not the JSON of an agent event (" + OneLine.of(detail == null ? "" : detail, 500) + ")");
        }
        if (event == null) {
            throw new UnreadableEvent("not the JSON of an agent event (null)");
        }
        require("user", event.user(), AgentEvent.MAX_USER_LENGTH);
        require("id", event.id(), AgentEvent.MAX_ID_LENGTH);
        if (event.kind() == null) {
            throw new UnreadableEvent("it has no kind");
        }
        if (event.time() == null) {
            throw new UnreadableEvent("it has no time");
        }
        // the intake and reconciliation store none; the translator would fail on it as an internal error, tried 4 times
        if (event.kind() == EventKind.UNREADY && (event.pause() == null || event.pause().isBlank())) {
            throw new UnreadableEvent("it is an UNREADY without a pause");
        }
        // stored by an older version, a line break in a name would reach the delivery's log lines and headers
        if (event.pause() != null) {
            bounded("pause", event.pause(), AgentEvent.MAX_PAUSE_LENGTH);
        }
        return event;
    }

    private static void require(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new UnreadableEvent("it has no " + field);
        }
        bounded(field, value, max);
    }

    private static void bounded(String field, String value, int max) {
        String problem = AgentEvent.problem(value, max);
        if (problem != null) {
            throw new UnreadableEvent("its " + field + " " + problem);
        }
    }
}
