package cz.bridge.delivery;

/**
 * AristoTelos cannot be reached, or its token endpoint gives no token: retried like any
 * unavailability, the event stays queued.
 */
public class AristotelosUnavailable extends RuntimeException {

    /** For the route files' throwException. */
    public AristotelosUnavailable(String message) {
        super(message);
    }

    public AristotelosUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
