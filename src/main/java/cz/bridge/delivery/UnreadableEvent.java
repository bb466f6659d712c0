package cz.bridge.delivery;

/**
 * A stored event the delivery cannot read: not the JSON of an agent event, a field missing, or
 * a field longer than Daktela ever sends. Parked at once with the reason: a retry reads the same text.
 */
public class UnreadableEvent extends RuntimeException {

    public UnreadableEvent(String reason) {
        super("stored event cannot be read: " + reason);
    }
}
