package cz.bridge.delivery;

/**
 * The broker session a delivery took its event on has closed, or failed over and can only roll back
 * (ConsumerSession): nothing is sent, and the transaction ends without an acknowledgement (delivery.camel.yaml).
 */
public class SessionLost extends RuntimeException {

    public SessionLost(String message) {
        super(message, null, false, false);
    }
}
