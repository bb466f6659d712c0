package cz.bridge.delivery;

/**
 * The broker session a delivery took its event on has closed while the delivery waited for a retry:
 * nothing is sent, and the transaction ends without an acknowledgement (delivery.camel.yaml).
 */
public class SessionLost extends RuntimeException {

    public SessionLost(String message) {
        super(message, null, false, false);
    }
}
