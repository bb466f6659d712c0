package cz.bridge.validate;

/**
 * A Daktela pause (not ready state) as Daktela's API lists it.
 *
 * @param name  the pause's identifier: what a callback sends and what a NotReady row's reasonCode must equal
 * @param title what Daktela shows to people
 */
public record DaktelaPause(String name, String title) {
}
