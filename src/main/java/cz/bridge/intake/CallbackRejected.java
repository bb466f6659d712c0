package cz.bridge.intake;

/** A callback the bridge answers with a 4xx: says what to fix, and (where known) which field and batch item. */
public class CallbackRejected extends RuntimeException {

    private final int status;
    private final String field;
    private final Integer index;

    public CallbackRejected(int status, String message) {
        this(status, message, null, null);
    }

    public CallbackRejected(int status, String message, String field, Integer index) {
        super(message);
        this.status = status;
        this.field = field;
        this.index = index;
    }

    public CallbackRejected atIndex(int batchIndex) {
        return new CallbackRejected(status, "item " + batchIndex + ": " + getMessage(), field, batchIndex);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public Integer index() {
        return index;
    }
}
