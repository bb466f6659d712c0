package cz.bridge.mapping;

import cz.bridge.config.BridgeProperties.UnmappedPausePolicy;
import cz.bridge.intake.AgentEvent;

/**
 * Daktela event to AristoTelos external state (docs/setup-aristotelos.md), by the mappings in force.
 * The delivery route's content-based router picks the method by event kind.
 */
public record StateTranslator(MappingsFile mappings, UnmappedPausePolicy unmappedPause) {

    /** login, logout, ready: the row with code Login, Logout or Ready. */
    public OutboundState sessionState(AgentEvent event) {
        String code = switch (event.kind()) {
            case LOGIN -> ExternalState.LOGIN;
            case LOGOUT -> ExternalState.LOGOUT;
            case READY -> ExternalState.READY;
            case UNREADY -> throw new IllegalArgumentException("unready goes to pause(): " + event.id());
        };
        ExternalState row = mappings.current().byCode(code)
                .orElseThrow(() -> new IllegalStateException("mappings have no " + code + " row"));
        return new OutboundState(event.user(), row.name(), row.id(), row.code(), 0, null, event.time(), event.id(), null);
    }

    /** unready with pause P: the NotReady row whose reason code is P, or parked (or reason 0 by policy). */
    public OutboundState pause(AgentEvent event) {
        String pause = event.pause();
        // one table for the whole translation: a reload between two reads sent a pause the new table maps as unmapped
        Mappings table = mappings.current();
        return table.forPause(pause)
                .map(row -> new OutboundState(event.user(), row.name(), row.id(), row.code(), row.reasonId(),
                        row.reasonCode(), event.time(), event.id(), pause))
                .orElseGet(() -> {
                    if (unmappedPause == UnmappedPausePolicy.SEND_REASON_ZERO) {
                        int id = table.externalStates().stream().filter(s -> ExternalState.NOT_READY.equals(s.code()))
                                .findFirst().map(ExternalState::id).orElse(MappingsRules.GUIDE_NOT_READY_ID);
                        // named by its code, not by the pause: the name is a metric's tag, and Daktela decides the pauses
                        return new OutboundState(event.user(), ExternalState.NOT_READY, id, ExternalState.NOT_READY, 0, pause,
                                event.time(), event.id(), pause);
                    }
                    throw new UnmappedPause(pause);
                });
    }
}
