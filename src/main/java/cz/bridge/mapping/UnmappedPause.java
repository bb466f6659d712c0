package cz.bridge.mapping;

/** An unready whose Daktela pause has no NotReady row: parked, never dropped. */
public class UnmappedPause extends RuntimeException {

    public UnmappedPause(String pause) {
        super("no external state for Daktela pause " + pause);
    }
}
