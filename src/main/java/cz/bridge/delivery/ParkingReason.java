package cz.bridge.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.UnaryOperator;

import cz.bridge.config.SharedNames;
import cz.bridge.intake.AgentEvent;
import cz.bridge.logging.OneLine;
import cz.bridge.mapping.UnmappedPause;
import cz.bridge.monitoring.DeliveryRecorder;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * Labels an event that cannot be delivered with why, and what AristoTelos answered, before it
 * is parked. Every value put on the parked message is bounded: the broker refuses a message
 * whose headers pass its large-message size (100 KiB), and an event whose parking is refused
 * ends in bridge.dead after its retries (docs/security.md, "No poison loops").
 *
 * @param clock               in the Daktela time zone, so that "parked at" reads like the event times
 * @param maxDeliveryAttempts the broker's deliveries of an event before it goes to the dead-letter queue
 * @param withoutSecrets      AristoTelos's answer with the access token and client secret put out of sight
 *                            (AccessTokenProvider.withoutSecrets): an answer may echo the request
 */
public record ParkingReason(Clock clock, DeliveryRecorder recorder, int maxDeliveryAttempts, UnaryOperator<String> withoutSecrets) {

    public static final String PARKED_AT = "bridgeParkedAt";
    /** The longest reason or AristoTelos answer kept on a parked event, in characters (before escapes: OneLine). */
    public static final int MAX_TEXT = 2000;
    /** The longest user (message group) or event id kept on a parked event: the intake's bound on names. */
    public static final int MAX_NAME = AgentEvent.MAX_USER_LENGTH;
    private static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    private static final String DELIVERIES = "bridgeDeliveries";
    private static final String USER = "bridgeParkedUser";

    private static final Logger LOG = LoggerFactory.getLogger(ParkingReason.class);

    /**
     * @param cause   why the event is parked (the route's ${exception})
     * @param event   the event, when it could be read
     * @param refusal AristoTelos's answer, when it refused the state for good (aristotelos.camel.yaml)
     */
    public void label(Exchange exchange, Throwable cause, AgentEvent event, HttpOperationFailedException refusal) {
        Message message = exchange.getMessage();
        String rawGroup = message.getHeader(SharedNames.AGENT_HEADER, String.class);
        // shown on the agent board only when it is a user the intake would take
        exchange.setVariable(USER, rawGroup != null && AgentEvent.acceptable(rawGroup, AgentEvent.MAX_USER_LENGTH) ? rawGroup : null);
        String group = kept(rawGroup);
        String id = kept(eventId(event, message));
        Object deliveries = message.getHeader(DELIVERY_COUNT);
        if (deliveries != null) {
            exchange.setVariable(DELIVERIES, deliveries);
        }
        Object body = message.getBody();
        message.getHeaders().clear();
        if (!(body instanceof String)) {
            // parked events are text messages (ParkedEvents reads them so); the intake only stores text
            message.setBody(body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : body == null ? "" : body.toString());
        }
        message.setHeader(SharedNames.AGENT_HEADER, group);
        message.setHeader(PARKED_AT, OffsetDateTime.now(clock).toString());
        message.setHeader(SharedNames.EVENT_ID_HEADER, id);
        if (cause instanceof AristotelosRejected || cause instanceof UnmappedPause || cause instanceof UnreadableEvent) {
            message.setHeader(SharedNames.PARK_REASON_HEADER, OneLine.of(cause.getMessage(), MAX_TEXT));
        } else {
            message.setHeader(SharedNames.PARK_REASON_HEADER, OneLine.of("internal error: " + cause, MAX_TEXT));
        }
        if (refusal != null) {
            String answer = refusal.getResponseBody() == null ? "" : withoutSecrets.apply(refusal.getResponseBody()).strip();
            message.setHeader(SharedNames.ARISTOTELOS_ANSWER_HEADER, OneLine.of("HTTP " + refusal.getStatusCode() + (answer.isEmpty() ? "" : " " + answer), MAX_TEXT));
        }
    }

    /**
     * After the parked event is stored: counted, and shown on the agent board.
     *
     * @param givenUp why a state failing alone was given up (LoneRefusals.whyGivenUp), or null when it was not
     */
    public void parked(Exchange exchange, Throwable cause, HttpOperationFailedException refusal, String givenUp) {
        recorder.parked(exchange.getVariable(USER, String.class), exchange.getMessage().getHeader(SharedNames.EVENT_ID_HEADER, String.class), cause,
                refusal == null ? null : refusal.getStatusCode(), givenUp != null);
    }

    /**
     * Parking failed: logs the attempt's one line, saying which event, which delivery of how
     * many, and what comes next (the route then rolls the delivery back, without a stack trace:
     * the broker delivers the event again, or after its last attempt moves it to the dead-letter queue).
     */
    public void failed(Exchange exchange, Throwable failure, AgentEvent event) {
        Message message = exchange.getMessage();
        Integer deliveries = exchange.getVariable(DELIVERIES, Integer.class);
        if (deliveries == null) {
            deliveries = message.getHeader(DELIVERY_COUNT, Integer.class);
        }
        String next = deliveries != null && deliveries >= maxDeliveryAttempts
                ? "the broker moves it to the dead-letter queue bridge.dead"
                : "the broker delivers it again";
        String why = failure == null ? "unknown error" : NestedExceptionUtils.getMostSpecificCause(failure).toString();
        LOG.warn("Cannot park event {} of user {} (delivery {} of {}), {}: {}", OneLine.of(eventId(event, message), MAX_NAME),
                OneLine.of(message.getHeader(SharedNames.AGENT_HEADER, String.class), MAX_NAME), deliveries == null ? "?" : deliveries,
                maxDeliveryAttempts, next, OneLine.of(why, MAX_TEXT));
    }

    /**
     * A user or id the intake would take, as it is: a replay puts the event back under these headers,
     * in the agent's own message group, and an operator's {@code ?user=} or id matches them. Anything
     * else (from a stored event that cannot be read) escaped and bounded.
     */
    private static String kept(String value) {
        return value != null && AgentEvent.acceptable(value, MAX_NAME) ? value : OneLine.of(value, MAX_NAME);
    }

    /** The event's own id; for one that cannot be read, the id it was parked under before, else the broker's. */
    private static String eventId(AgentEvent event, Message message) {
        if (event != null) {
            return event.id();
        }
        String earlier = message.getHeader(SharedNames.EVENT_ID_HEADER, String.class);
        return earlier != null ? earlier : message.getHeader("JMSMessageID", String.class);
    }
}
