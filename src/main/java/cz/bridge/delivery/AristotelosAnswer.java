package cz.bridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Reads AristoTelos's answer to a state update (CONTRACT §4) and says what happens next:
 * delivered, retried (with Retry-After honoured through Camel's redelivery-delay header),
 * or rejected for good. The routes call it by bean name.
 */
public class AristotelosAnswer {

    private static final Set<Integer> PERMANENT = Set.of(400, 403, 404, 409, 422);

    private final Clock clock;
    private final Duration maxRetryDelay;

    public AristotelosAnswer(Clock clock, Duration maxRetryDelay) {
        this.clock = clock;
        this.maxRetryDelay = maxRetryDelay;
    }

    /**
     * Inside the circuit breaker: fails on the answers that mean AristoTelos is not available
     * now, which are the ones the breaker counts. A permanent refusal passes to {@link #failIfRejected}.
     */
    public void failIfUnavailable(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status / 100 == 2 || PERMANENT.contains(status)) {
            return;
        }
        String answer = answer(status, message);
        Long retryAfter = retryAfterMillis(message.getHeader("Retry-After", String.class));
        throw new AristotelosUnavailable("AristoTelos answered " + answer
                + (retryAfter == null ? "" : "; retrying after " + retryAfter + " ms as Retry-After asks"), null, retryAfter);
    }

    /**
     * Called by the error handler when a delivery failed, before it computes the pause: a
     * Retry-After overrides the back-off for this one retry (Camel's redelivery-delay header).
     */
    public void honourRetryAfter(Exchange exchange, Throwable failure) {
        if (failure instanceof AristotelosUnavailable unavailable && unavailable.retryAfterMillis() != null) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, unavailable.retryAfterMillis());
        } else {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }

    /** After the circuit breaker: a refusal for good, which no retry would change. */
    public void failIfRejected(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (PERMANENT.contains(status)) {
            throw new AristotelosRejected(status, reason(status, exchange), answer(status, message));
        }
    }

    private static String answer(int status, Message message) {
        String body = message.getBody(String.class);
        return "HTTP " + status + (body == null || body.isBlank() ? "" : " " + abbreviate(body));
    }

    private static String reason(int status, Exchange exchange) {
        String user = exchange.getVariable("bridgeUser", String.class);
        return switch (status) {
            case 404 -> "AristoTelos has no employee with external id 2 '" + user + "'";
            case 403 -> "the AristoTelos client application lacks the right API_UpdateAgentStatus "
                    + "(API_UpdateAgentStates in Daktela's documentation) on unit Global";
            case 409 -> "AristoTelos reports a conflict for this state";
            default -> "AristoTelos refused the request (HTTP " + status + ")";
        };
    }

    /** Retry-After as seconds or an HTTP date, capped at the longest retry delay. */
    Long retryAfterMillis(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        long millis;
        try {
            millis = Long.parseLong(header.trim()) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                millis = Duration.between(clock.instant(),
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toMillis();
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
        return Math.max(0, Math.min(millis, maxRetryDelay.toMillis()));
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() > 500 ? flat.substring(0, 500) + "…" : flat;
    }
}
