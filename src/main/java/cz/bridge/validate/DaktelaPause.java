package cz.bridge.validate;

import cz.bridge.intake.AgentEvent;

/**
 * A Daktela pause (not ready state) as Daktela's API lists it.
 *
 * @param name  the pause's identifier: what a callback sends and what a NotReady row's reasonCode must equal
 * @param title what Daktela shows to people
 */
public record DaktelaPause(String name, String title) {

    /** In Unicode's composed form (NFC), as mappings.yaml is read and a callback's pause is matched. */
    public DaktelaPause {
        name = AgentEvent.composed(name);
        title = AgentEvent.composed(title);
    }
}
