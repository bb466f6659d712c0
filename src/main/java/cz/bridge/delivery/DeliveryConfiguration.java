package cz.bridge.delivery;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.config.BridgeProperties;
import cz.bridge.config.SharedNames;
import cz.bridge.intake.EventCodec;
import cz.bridge.monitoring.DeliveryRecorder;
import cz.bridge.monitoring.QueueGauges;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.core.JmsTemplate;

/**
 * Delivery to AristoTelos and parking: the beans routes/delivery.camel.yaml, aristotelos.camel.yaml
 * and parking.camel.yaml call by name, and the parked events' admin API.
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

    /** The pause before the last retry of this delivery, which the back-off doubles. */
    private static final String LAST_PAUSE = "bridgeLastRetryPause";

    private static final Logger BREAKER_LOG = LoggerFactory.getLogger("cz.bridge.delivery.AristotelosBreaker");

    @Bean
    AccessTokenProvider accessTokenProvider(BridgeProperties properties, ObjectMapper json, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.aristotelos().timeout()).build();
        return new AccessTokenProvider(properties.aristotelos().requireClient(), http, json, clock);
    }

    /**
     * One token asked for right after the start (production mode), so that wrong client credentials, a wrong
     * ARISTOTELOS_TOKEN_URL or an unreachable token endpoint show in the log and in readiness within seconds of a deploy,
     * not at the first callback's delivery, which may come hours later. Through the deliveries' own call: the token is
     * cached for the first delivery, a delivery meanwhile waits for this request instead of sending its own, and a
     * refusal starts the same pause. Not in demo mode: the built-in simulator takes the demo credentials.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> tokenAtStart(AccessTokenProvider tokens, BridgeProperties properties) {
        return ready -> {
            if (properties.demo()) {
                return;
            }
            // its own thread: the request may take the whole timeout, and nothing of the start waits for it;
            // a daemon, so that a stop does not wait for it either
            Thread ask = new Thread(() -> {
                try {
                    tokens.authorization();
                } catch (AccessTokenProvider.NoToken logged) {
                    // the provider has logged it, and readiness shows it; the deliveries ask again
                } catch (RuntimeException unexpected) {
                    // its class only: its message might quote the token URL with a user and password in it
                    LoggerFactory.getLogger(AccessTokenProvider.class).warn("The token request at start failed unexpectedly ({}); "
                            + "the deliveries ask again", unexpected.getClass().getName());
                }
            }, "aristotelos-token-at-start");
            ask.setDaemon(true);
            ask.start();
        };
    }

    /**
     * Where Camel's circuit breaker EIP takes its breakers from (it looks a registry up by type),
     * published by resilience4j's own Micrometer support: resilience4j_circuitbreaker_state{name,state},
     * _calls_seconds{kind=successful|failed|ignored}, _failure_rate, _not_permitted_calls_total, ...
     */
    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry registry) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        // the tries the open breaker refuses are logged at DEBUG: without these two lines an outage went silent
        // after the first failures, and its end unsaid
        breakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher().onStateTransition(change -> {
            switch (change.getStateTransition().getToState()) {
                case OPEN -> BREAKER_LOG.warn("Circuit breaker {} opened: most of AristoTelos's last answers were failures (the lines "
                        + "before say which); deliveries wait in the queue, and a few are tried every {} s", change.getCircuitBreakerName(),
                        added.getAddedEntry().getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) / 1000);
                case CLOSED -> BREAKER_LOG.info("Circuit breaker {} closed: AristoTelos takes states again; the waiting events "
                        + "are delivered", change.getCircuitBreakerName());
                default -> BREAKER_LOG.debug("Circuit breaker {}: {}", change.getCircuitBreakerName(), change.getStateTransition());
            }
        }));
        return breakers;
    }

    /** Camel adds each LifecycleStrategy bean to its context: it sees every endpoint the route files make. */
    @Bean
    HttpOptionTypos httpOptionTypos(ObjectMapper json) {
        return new HttpOptionTypos(json);
    }

    @Bean
    LoneRefusals loneRefusals(DeliveryRecorder recorder, QueueGauges queues, Clock clock, BridgeProperties properties) {
        return new LoneRefusals(recorder::lastDelivered, recorder::lastFailureOfAnotherAgent, queues::firstOfOtherAgentsWaiting,
                clock, properties.delivery().giveUpAfter(), properties.delivery().giveUpWhileHoldingOthers(),
                properties.delivery().concurrency() > 1, properties.delivery().othersTakenWithin());
    }

    @Bean
    RetryAfter retryAfter(Clock clock, BridgeProperties properties) {
        return new RetryAfter(clock, Duration.ofMillis(properties.delivery().maxRetryDelayMs()));
    }

    /**
     * The retry hook (onExceptionOccurredRef, delivery.camel.yaml): sets the pause, then counts and logs the try. The
     * pause is set here, in the header Camel reads for one retry: Camel computes its own only after this hook (the log
     * line could not name the next try), and a clause's delay option would carry over to the next try's clause. Called
     * as a Processor: it reads only the failure and the agent (the stored event's message group).
     */
    @Bean
    Processor deliveryFailed(RetryAfter retryAfter, DeliveryRecorder recorder, BridgeProperties properties) {
        long firstPause = properties.delivery().retryDelayMs();
        // Camel's own back-off, as the clauses had it
        RedeliveryPolicy backOff = new RedeliveryPolicy().redeliveryDelay(firstPause).maximumRedeliveryDelay(
                properties.delivery().maxRetryDelayMs()).useExponentialBackOff().backOffMultiplier(2).useCollisionAvoidance();
        return exchange -> {
            Throwable failure = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            // Camel has counted the failed try already: its redelivery counter is that try's number
            int tries = Math.max(1, exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
            Long pause = ExceptionUtils.throwableOfType(failure, CallNotPermittedException.class) != null
                    ? Long.valueOf(firstPause) : retryAfter.millis(failure);
            if (pause == null) {
                // the exchange's properties outlast its retries (Camel restores only the message)
                pause = backOff.calculateRedeliveryDelay(exchange.getProperty(LAST_PAUSE, 0L, Long.class), tries);
            }
            pause = Math.max(pause, retryAfter.stillAsked());
            exchange.setProperty(LAST_PAUSE, pause);
            exchange.setProperty(SharedNames.RETRY_PENDING_PROPERTY, true);
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, pause);
            recorder.retrying(exchange.getMessage().getHeader(SharedNames.AGENT_HEADER, String.class), failure, tries, Duration.ofMillis(pause));
        };
    }

    /**
     * The hook of the clauses that do not retry (delivery.camel.yaml): Camel carries a clause's hook over to a later
     * clause that names none, so that deliveryFailed would count and log "retrying" for an event then parked (a 503,
     * then a 404 on the retry). Each clause names its hook, and no list of which failures are retried is kept here
     * beside the route file's. The last try's failure is then no retry's (a parking that failed, a lost broker session,
     * each with its own line), whatever a try before it was.
     */
    @Bean
    Processor notRetried() {
        return exchange -> exchange.removeProperty(SharedNames.RETRY_PENDING_PROPERTY);
    }

    /** park-after-internal-error's hook: as {@link #notRetried}, and counts that clause's failures, which its retryWhile reads. */
    @Bean
    Processor internalErrorCounted() {
        return exchange -> {
            exchange.removeProperty(SharedNames.RETRY_PENDING_PROPERTY);
            // the exchange's properties outlast its retries, as deliveryFailed's pause does
            exchange.setProperty(SharedNames.INTERNAL_ERRORS_PROPERTY,
                    exchange.getProperty(SharedNames.INTERNAL_ERRORS_PROPERTY, 0, Integer.class) + 1);
        };
    }

    @Bean
    ParkingReason parkingReason(Clock clock, DeliveryRecorder recorder, BridgeProperties properties, AccessTokenProvider tokens) {
        return new ParkingReason(clock.withZone(properties.daktela().timeZone()), recorder,
                properties.delivery().maxDeliveryAttempts(), tokens::withoutSecrets);
    }

    @Bean
    ConsumerSession consumerSession(ConnectionFactory connectionFactory) {
        return new ConsumerSession(connectionFactory);
    }

    @Bean
    PlainMessageFirst plainMessageFirst() {
        return new PlainMessageFirst();
    }

    @Bean
    StoredEventReader storedEventReader(EventCodec eventCodec) {
        return new StoredEventReader(eventCodec);
    }

    @Bean
    ParkedEvents parkedEvents(JmsTemplate jmsTemplate, ObjectProvider<EmbeddedActiveMQ> embedded) {
        JmsTemplate transacted = new JmsTemplate(jmsTemplate.getConnectionFactory());
        transacted.setSessionTransacted(true);
        return new ParkedEvents(transacted, embedded.getIfAvailable(), ParkedEvents.MAX_PER_CALL);
    }

    @Bean
    ParkedEventsEndpoint parkedEventsEndpoint(ParkedEvents parkedEvents, QueueGauges queues) {
        return new ParkedEventsEndpoint(parkedEvents, () -> queues.knownDepth(SharedNames.PARKED_QUEUE));
    }
}
