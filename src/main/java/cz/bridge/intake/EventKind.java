package cz.bridge.intake;

import java.util.Locale;
import java.util.Optional;

/** The four Daktela session events the bridge translates. */
public enum EventKind {
    LOGIN, LOGOUT, READY, UNREADY;

    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s_-]");

    /** Every spelling Daktela templates use, compared without case, spaces, '_' or '-'. */
    public static Optional<EventKind> fromDaktela(String value) {
        String key = SEPARATORS.matcher(value.toLowerCase(Locale.ROOT)).replaceAll("");
        return Optional.ofNullable(switch (key) {
            case "login", "loggedin" -> LOGIN;
            case "logout", "loggedout" -> LOGOUT;
            case "ready" -> READY;
            case "unready", "notready", "paused", "pause" -> UNREADY;
            default -> null;
        });
    }
}
