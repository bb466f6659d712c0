package cz.bridge.delivery;

/**
 * The request to AristoTelos could not be made from the translated state (write-request in
 * routes/aristotelos.camel.yaml, as edited). Retried like an AristoTelos that is not there, so the events wait in
 * their order until the file is fixed; neither the circuit breaker nor the log counts it against AristoTelos.
 */
public class RequestNotWritten extends RuntimeException {

    /** For the route file's throwException. */
    public RequestNotWritten(String message) {
        super(message);
    }
}
