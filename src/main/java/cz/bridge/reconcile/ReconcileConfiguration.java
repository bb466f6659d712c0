package cz.bridge.reconcile;

import java.time.Clock;
import java.time.Duration;

import cz.bridge.config.BridgeProperties;
import cz.bridge.daktela.DaktelaClient;
import cz.bridge.intake.EventCodec;
import cz.bridge.monitoring.DeliveryRecorder;
import cz.bridge.storage.StorageGuard;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.core.JmsTemplate;

/** Reconciliation with Daktela's live sessions (routes/reconciliation.camel.yaml, docs/reconciliation.md). */
@Configuration(proxyBeanMethods = false)
public class ReconcileConfiguration {

    /** The last accepted state per agent: the last-value queue bridge.last-state. */
    @Bean
    LastStates lastStates(JmsTemplate jmsTemplate, EventCodec eventCodec, StorageGuard storageGuard, BridgeProperties properties) {
        // what the broker drops after BRIDGE_DAKTELA_FORGET_LOGGED_OUT_AFTER (0: JMS's "never"), persistent as the rest
        JmsTemplate forgotten = new JmsTemplate(jmsTemplate.getConnectionFactory());
        forgotten.setExplicitQosEnabled(true);
        forgotten.setDeliveryPersistent(true);
        forgotten.setTimeToLive(properties.daktela().forgetLoggedOutAfter().toMillis());
        return new LastStates(jmsTemplate, forgotten, eventCodec, storageGuard);
    }

    /** At start: is bridge.last-state a last-value queue (readiness: MonitoringConfiguration.lastStateQueueHealthIndicator)? */
    @Bean
    LastStateQueueCheck lastStateQueueCheck(LastStates lastStates) {
        return new LastStateQueueCheck(lastStates, Duration.ofSeconds(30));
    }

    /** The route's Java side; without Daktela's URL and token it is there but its route does not run. */
    @Bean
    Reconciler reconciler(BridgeProperties properties, LastStates lastStates, DeliveryRecorder recorder, Clock clock,
                          MeterRegistry registry) {
        BridgeProperties.Daktela daktela = properties.daktela();
        DaktelaClient client = daktela.url().isBlank() || daktela.accessToken().isBlank() ? null
                : new DaktelaClient(daktela.url(), daktela.accessToken(), DaktelaClient.DEFAULT_TIMEOUT,
                        daktela.reconcilePageSize());
        return new Reconciler(client, lastStates, recorder, clock, daktela.timeZone(), daktela.reconcileGrace(),
                daktela.reconcileInterval(), daktela.sessionStates(), registry);
    }
}
