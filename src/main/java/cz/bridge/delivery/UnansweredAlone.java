package cz.bridge.delivery;

/**
 * AristoTelos, reached, gave no answer to one state for bridge.delivery.give-up-after while it took other states, or for
 * give-up-when-others-wait while other agents' states waited behind it (LoneRefusals): parked as a refusal, so that it holds
 * no agent longer; its own kind, as it carries no answer.
 */
public class UnansweredAlone extends AristotelosRejected {

    public UnansweredAlone(String reason, Throwable noAnswer) {
        super(reason);
        initCause(noAnswer);
    }
}
