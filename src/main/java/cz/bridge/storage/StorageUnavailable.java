package cz.bridge.storage;

/** The durable store cannot take events now; the message says why and what to do. */
public class StorageUnavailable extends RuntimeException {

    public StorageUnavailable(String message) {
        super(message);
    }
}
