package cz.bridge.delivery;

/**
 * AristoTelos refused the state for good: thrown by routes/aristotelos.camel.yaml, which decides
 * which answers those are and says why; the delivery route parks the event.
 */
public class AristotelosRejected extends RuntimeException {

    public AristotelosRejected(String reason) {
        super(reason);
    }
}
