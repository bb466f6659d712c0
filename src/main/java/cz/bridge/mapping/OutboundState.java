package cz.bridge.mapping;

import java.time.OffsetDateTime;

import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.DaktelaTime;

/** A translated event: the values the route's request puts into AristoTelos's request. */
public record OutboundState(String user, String stateName, int stateId, String stateCode, int reasonId,
                            String reasonCode, OffsetDateTime time, String eventId, String pause) {

    public String timestamp() {
        return DaktelaTime.format(time);
    }

    /** The request's Idempotency-Key: the event id, or a digest of one beyond printable ASCII ({@link AgentEvent#idempotencyKey}). */
    public String idempotencyKey() {
        return AgentEvent.idempotencyKey(eventId);
    }
}
