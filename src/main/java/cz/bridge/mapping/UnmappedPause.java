package cz.bridge.mapping;

/** An unready whose Daktela pause has no NotReady row: parked, never dropped. */
public class UnmappedPause extends RuntimeException {

    private final String pause;

    public UnmappedPause(String pause) {
        super("no external state for Daktela pause " + pause);
        this.pause = pause;
    }

    public String pause() {
        return pause;
    }
}
