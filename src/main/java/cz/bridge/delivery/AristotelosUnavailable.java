package cz.bridge.delivery;

/** AristoTelos cannot take the state now (5xx, 408, 429, network, token): retried, the event stays queued. */
public class AristotelosUnavailable extends RuntimeException {

    private final Long retryAfterMillis;

    /** For the route files' throwException. */
    public AristotelosUnavailable(String message) {
        this(message, null, null);
    }

    public AristotelosUnavailable(String message, Throwable cause) {
        this(message, cause, null);
    }

    public AristotelosUnavailable(String message, Throwable cause, Long retryAfterMillis) {
        super(message, cause);
        this.retryAfterMillis = retryAfterMillis;
    }

    /** How long AristoTelos asked to wait (Retry-After), or null. */
    public Long retryAfterMillis() {
        return retryAfterMillis;
    }
}
