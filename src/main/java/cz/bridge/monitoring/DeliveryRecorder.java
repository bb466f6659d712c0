package cz.bridge.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import cz.bridge.delivery.AristotelosRejected;
import cz.bridge.delivery.ParkingReason;
import cz.bridge.delivery.UnreadableEvent;
import cz.bridge.intake.AgentEvent;
import cz.bridge.mapping.OutboundState;
import cz.bridge.mapping.UnmappedPause;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each delivery outcome once, for the metrics, the agent board and the log: the
 * routes call it when a state is delivered, a try failed, or an event is parked.
 */
public class DeliveryRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecorder.class);

    private final BridgeMetrics metrics;
    private final AgentBoard board;
    private final Clock clock;
    private volatile OffsetDateTime lastForbidden;

    public DeliveryRecorder(BridgeMetrics metrics, AgentBoard board, Clock clock) {
        this.metrics = metrics;
        this.board = board;
        this.clock = clock;
    }

    public void accepted(AgentEvent event) {
        metrics.eventAccepted(event.kind().name());
        board.accepted(event.user(), event.id(), event.kind().name(), event.pause(), event.time());
    }

    /** Called by the delivery route after AristoTelos took the state. */
    public void delivered(Exchange exchange) {
        OutboundState state = exchange.getVariable("state", OutboundState.class);
        AgentEvent event = exchange.getVariable("event", AgentEvent.class);
        Duration endToEnd = Duration.between(state.time().toInstant(), clock.instant());
        Duration latency = Duration.ofMillis(exchange.getClock().elapsed());
        metrics.delivered(event.kind().name(), state.stateName(), endToEnd, latency);
        board.delivered(state.user(), state.eventId(), state.stateName(), state.stateCode(), state.reasonCode(), state.time());
        // AristoTelos took a state, so the client application has its right (again)
        lastForbidden = null;
        LOG.info("Delivered event {} user={} state={} code={} reasonId={} time={} tookMs={}", state.eventId(), state.user(),
                state.stateName(), state.stateCode(), state.reasonId(), state.timestamp(), latency.toMillis());
    }

    /** Called by the error handler for each failed try that will be retried. */
    public void retrying(Exchange exchange, Throwable failure) {
        String user = exchange.getVariable("bridgeUser", String.class);
        metrics.retried(failure == null ? "unknown" : failure.getClass().getSimpleName());
        if (user != null) {
            board.retrying(user, "retrying: " + (failure == null ? "unknown" : failure.getMessage()));
        }
    }

    public void parked(String user, String eventId, Throwable cause) {
        String category;
        if (cause instanceof UnmappedPause) {
            category = "unmapped-pause";
            metrics.unmappedPause();
        } else if (cause instanceof AristotelosRejected rejected) {
            category = switch (rejected.status()) {
                case 404 -> "unknown-employee";
                case 403 -> "forbidden";
                default -> "rejected-" + rejected.status();
            };
            if (rejected.status() == 404) {
                metrics.unknownEmployee();
            }
            if (rejected.status() == 403) {
                lastForbidden = OffsetDateTime.now(clock);
            }
        } else if (cause instanceof UnreadableEvent) {
            category = "unreadable";
        } else {
            category = "internal-error";
        }
        metrics.parked(category);
        if (user != null) {
            board.parked(user, eventId, "parked: " + (cause == null ? "unknown"
                    : ParkingReason.bounded(cause.getMessage(), ParkingReason.MAX_TEXT)));
        }
    }

    /** When AristoTelos last answered 403 (the client application lacks the right), or null. */
    public OffsetDateTime lastForbidden() {
        return lastForbidden;
    }
}
