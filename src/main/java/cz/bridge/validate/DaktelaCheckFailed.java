package cz.bridge.validate;

/**
 * Daktela's pauses could not be read. The message says what to fix (DAKTELA_URL,
 * DAKTELA_ACCESS_TOKEN, the network); it never contains the access token.
 */
public class DaktelaCheckFailed extends RuntimeException {

    public DaktelaCheckFailed(String message) {
        super(message);
    }

    public DaktelaCheckFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
