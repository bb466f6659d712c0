package cz.bridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;

/**
 * The pause AristoTelos asks for with Retry-After (seconds or an HTTP date), capped at the longest
 * retry delay. Java because Camel's redelivery has no notion of it: it takes a pause for one retry
 * only from the header CamelRedeliveryDelay, set by a Processor before it waits (deliveryFailed).
 */
public record RetryAfter(Clock clock, Duration maxRetryDelay) {

    /** The pause asked for by the answer the failure carries (the breaker wraps it), or null. */
    public Long millis(Throwable failure) {
        HttpOperationFailedException answer = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        if (answer == null || answer.getResponseHeaders() == null) {
            return null;
        }
        return answer.getResponseHeaders().entrySet().stream().filter(header -> "Retry-After".equalsIgnoreCase(header.getKey()))
                .findFirst().map(header -> millis(header.getValue())).orElse(null);
    }

    Long millis(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        long millis;
        try {
            millis = Math.min(Long.parseLong(header.trim()), Long.MAX_VALUE / 1000) * 1000;
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
}
