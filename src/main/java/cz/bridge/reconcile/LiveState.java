package cz.bridge.reconcile;

import java.time.OffsetDateTime;

import cz.bridge.intake.EventKind;

/**
 * What one record of Daktela's realtimeSessions.json means (by bridge.daktela.session-states):
 * the agent's current state, its pause (for UNREADY) and Daktela's time for it.
 */
public record LiveState(String user, EventKind kind, String pause, OffsetDateTime time) {
}
