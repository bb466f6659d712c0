package cz.bridge.reconcile;

import java.time.Duration;

import cz.bridge.config.SharedNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Checks at start, and again until one check got an answer, that the broker keeps {@value SharedNames#LAST_STATE_QUEUE} as a last-value
 * queue (one message per agent). The embedded broker is set up so (BridgeConfiguration); an external
 * one (ARTEMIS_URL) must be told. Otherwise the queue keeps every state ever stored, grows without
 * end and each reconciliation pass reads all of it: the bridge says so in its log and in readiness
 * (DEGRADED, not DOWN: callbacks and deliveries still work), with what to configure.
 */
public class LastStateQueueCheck implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(LastStateQueueCheck.class);

    /** What an operator has to do, in the log and in readiness. */
    public static final String PROBLEM = "the broker's queue " + SharedNames.LAST_STATE_QUEUE
            + " is not a last-value queue: it keeps every state stored instead of the last one per agent, grows without end, "
            + "and reconciliation reads all of it each pass. On the broker (broker.xml) add <address-setting match=\""
            + SharedNames.LAST_STATE_QUEUE + "\"><default-last-value-queue>true</default-last-value-queue></address-setting>, "
            + "then delete the queue " + SharedNames.LAST_STATE_QUEUE + " (a setting applies to queues created after it; "
            + "the bridge creates it again) and restart the bridge (docs/operating.md, Scaling past one machine)";

    private final LastStates lastStates;
    private final Duration retryAfter;
    private volatile Boolean lastValue;
    private volatile String uncheckedBecause = "not checked yet";
    private volatile long lastTry = System.nanoTime();

    /** @param retryAfter how long after a check that got no answer (an external broker down at start) readiness asks again */
    public LastStateQueueCheck(LastStates lastStates, Duration retryAfter) {
        this.lastStates = lastStates;
        this.retryAfter = retryAfter;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        check();
    }

    /** Asks the broker; the answer is kept for readiness. */
    public void check() {
        lastTry = System.nanoTime();
        try {
            lastValue = !lastStates.notALastValueQueue();
            uncheckedBecause = null;
            if (!lastValue) {
                LOG.error("Reconciliation's store: {}", PROBLEM);
            }
        } catch (RuntimeException unreachable) {
            uncheckedBecause = String.valueOf(unreachable.getMessage());
            LOG.warn("Could not check that the broker's queue {} is a last-value queue: {}", SharedNames.LAST_STATE_QUEUE,
                    uncheckedBecause);
        }
    }

    /** True: a last-value queue; false: not one ({@link #PROBLEM}); null: not known ({@link #uncheckedBecause}). */
    public Boolean lastValue() {
        return lastValue;
    }

    /**
     * As {@link #lastValue()}, asking the broker again when not known and the last try is {@code retryAfter} ago:
     * checked once only, an external broker down at start left readiness "not checked" for good, and a queue that is
     * no last-value queue unreported.
     */
    public Boolean lastValueAskingAgain() {
        if (lastValue == null && System.nanoTime() - lastTry >= retryAfter.toNanos()) {
            check();
        }
        return lastValue;
    }

    public String uncheckedBecause() {
        return uncheckedBecause;
    }
}
