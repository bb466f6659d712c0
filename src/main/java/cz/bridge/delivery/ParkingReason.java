package cz.bridge.delivery;

import java.time.Clock;
import java.time.OffsetDateTime;

import cz.bridge.intake.AgentEvent;
import cz.bridge.mapping.UnmappedPause;
import cz.bridge.monitoring.DeliveryRecorder;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Labels an event that cannot be delivered with why, and what AristoTelos answered, before it is parked. */
public class ParkingReason {

    public static final String REASON = "bridgeParkReason";
    public static final String ANSWER = "bridgeAristotelosAnswer";
    public static final String PARKED_AT = "bridgeParkedAt";

    private final Clock clock;
    private final DeliveryRecorder recorder;

    /** @param clock in the Daktela time zone, so that "parked at" reads like the event times */
    public ParkingReason(Clock clock, DeliveryRecorder recorder) {
        this.clock = clock;
        this.recorder = recorder;
    }

    public void label(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message message = exchange.getMessage();
        String group = message.getHeader("JMSXGroupID", String.class);
        message.getHeaders().clear();
        message.setHeader("JMSXGroupID", group);
        message.setHeader(PARKED_AT, OffsetDateTime.now(clock).toString());
        AgentEvent event = exchange.getVariable("event", AgentEvent.class);
        if (event != null) {
            message.setHeader(ParkedEvents.EVENT_ID, event.id());
        }
        if (cause instanceof AristotelosRejected rejected) {
            message.setHeader(REASON, rejected.getMessage());
            message.setHeader(ANSWER, rejected.answer());
        } else if (cause instanceof UnmappedPause unmapped) {
            message.setHeader(REASON, unmapped.getMessage());
        } else {
            message.setHeader(REASON, "internal error: " + cause);
        }
        recorder.parked(group, event == null ? null : event.id(), cause);
    }
}
