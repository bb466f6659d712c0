package cz.bridge.monitoring;

import java.io.IOException;
import java.time.Clock;

import cz.bridge.config.BridgeProperties;
import cz.bridge.delivery.AccessTokenProvider;
import cz.bridge.mapping.MappingsFile;
import cz.bridge.reconcile.LastStateQueueCheck;
import cz.bridge.reconcile.Reconciler;
import cz.bridge.storage.StorageGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.core.JmsTemplate;

/** Metrics, health (readiness) indicators, the agent board and the status page. */
@Configuration(proxyBeanMethods = false)
public class MonitoringConfiguration {

    @Bean
    BridgeMetrics bridgeMetrics(MeterRegistry registry) {
        return new BridgeMetrics(registry);
    }

    @Bean
    AgentBoard agentBoard(Clock clock, BridgeProperties properties) {
        return new AgentBoard(clock, properties.daktela().timeZone());
    }

    @Bean
    DeliveryRecorder deliveryRecorder(BridgeMetrics metrics, AgentBoard board, Clock clock) {
        return new DeliveryRecorder(metrics, board, clock);
    }

    @Bean
    QueueGauges queueGauges(JmsTemplate jmsTemplate, ObjectProvider<EmbeddedActiveMQ> embedded, CamelContext camel,
                            Clock clock, MeterRegistry registry) {
        return new QueueGauges(jmsTemplate, embedded.getIfAvailable(), camel, clock, registry);
    }

    /** Token fetches as a Prometheus counter, read from the provider's own count. */
    @Bean
    FunctionCounter tokenFetchesCounter(AccessTokenProvider tokens, MeterRegistry registry) {
        return FunctionCounter.builder("bridge.token.fetches", tokens, AccessTokenProvider::fetches)
                .description("Access tokens fetched from AristoTelos").register(registry);
    }

    @Bean
    AristotelosHealth aristotelosHealthIndicator(CircuitBreakerRegistry breakers, AccessTokenProvider tokens,
                                                 DeliveryRecorder recorder, Clock clock) {
        return new AristotelosHealth(breakers, tokens, recorder, clock);
    }

    @Bean
    LastStateQueueHealth lastStateQueueHealthIndicator(LastStateQueueCheck check) {
        return new LastStateQueueHealth(check);
    }

    @Bean
    DaktelaHealth daktelaHealthIndicator(Reconciler reconciler, BridgeProperties properties) {
        return new DaktelaHealth(reconciler, properties.daktela().reconcileActive());
    }

    @Bean
    DeadLetterHealth deadLettersHealthIndicator(QueueGauges queueGauges) {
        return new DeadLetterHealth(queueGauges);
    }

    @Bean
    MappingsHealth mappingsHealthIndicator(MappingsFile mappingsFile) {
        return new MappingsHealth(mappingsFile);
    }

    @Bean
    StorageHealth storageHealthIndicator(StorageGuard storageGuard) {
        return new StorageHealth(storageGuard);
    }

    @Bean
    BoardEndpoint boardEndpoint(AgentBoard board, AristotelosHealth aristotelosHealthIndicator, QueueGauges queueGauges) {
        return new BoardEndpoint(board, aristotelosHealthIndicator, queueGauges);
    }

    /** The operator's status page ({@code /actuator/status}) on the management side. */
    @Bean
    StatusPageEndpoint statusPageEndpoint() throws IOException {
        return new StatusPageEndpoint();
    }
}
