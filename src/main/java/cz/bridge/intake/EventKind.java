package cz.bridge.intake;

import java.util.Locale;
import java.util.Optional;

/** The four Daktela session events the bridge translates. */
public enum EventKind {
    LOGIN, LOGOUT, READY, UNREADY;

    /** Every spelling Daktela templates use, compared without case, spaces, '_' or '-'. */
    public static Optional<EventKind> fromDaktela(String value) {
        String key = value.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        return Optional.ofNullable(switch (key) {
            case "login", "loggedin" -> LOGIN;
            case "logout", "loggedout" -> LOGOUT;
            case "ready" -> READY;
            case "unready", "notready", "paused", "pause" -> UNREADY;
            default -> null;
        });
    }
}
