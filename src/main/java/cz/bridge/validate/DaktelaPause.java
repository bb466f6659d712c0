package cz.bridge.validate;

import java.text.Normalizer;

/**
 * A Daktela pause (not ready state) as Daktela's API lists it.
 *
 * @param name  the pause's identifier: what a callback sends and what a NotReady row's reasonCode must equal
 * @param title what Daktela shows to people
 */
public record DaktelaPause(String name, String title) {

    /** In Unicode's composed form (NFC), as mappings.yaml is read and a callback's pause is matched. */
    public DaktelaPause {
        name = name == null ? null : Normalizer.normalize(name, Normalizer.Form.NFC);
        title = title == null ? null : Normalizer.normalize(title, Normalizer.Form.NFC);
    }
}
