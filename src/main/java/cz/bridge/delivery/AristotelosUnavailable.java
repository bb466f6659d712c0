package cz.bridge.delivery;

/** AristoTelos cannot take the state now (5xx, 408, 429, network, token): retried, the event stays queued. */
public class AristotelosUnavailable extends RuntimeException {

    public AristotelosUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
