package cz.bridge.storage;

/**
 * The durable store cannot take events now; the message says why and what to do, for the log and the management
 * port; {@link #forSender()} says it to the callback's sender without the journal's path and free bytes.
 */
public class StorageUnavailable extends RuntimeException {

    private final String forSender;

    public StorageUnavailable(String message, String forSender) {
        super(message);
        this.forSender = forSender;
    }

    public String forSender() {
        return forSender;
    }
}
