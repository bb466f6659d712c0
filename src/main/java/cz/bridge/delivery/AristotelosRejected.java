package cz.bridge.delivery;

/** AristoTelos refused the state for good (400, 403, 404, 409, 422): parked with its answer. */
public class AristotelosRejected extends RuntimeException {

    private final int status;
    private final String answer;

    public AristotelosRejected(int status, String reason, String answer) {
        super(reason);
        this.status = status;
        this.answer = answer;
    }

    public int status() {
        return status;
    }

    public String answer() {
        return answer;
    }
}
