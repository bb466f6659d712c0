package cz.bridge.monitoring;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import cz.bridge.config.BridgeProperties;
import cz.bridge.config.SharedNames;
import cz.bridge.config.WholeAnswer;
import cz.bridge.daktela.DaktelaClient;
import cz.bridge.delivery.AccessTokenProvider;
import cz.bridge.mapping.MappingsFile;
import cz.bridge.reconcile.LastStateQueueCheck;
import cz.bridge.reconcile.Reconciler;
import cz.bridge.storage.StorageGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.paging.PagingStore;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.jms.JmsHealthIndicator;
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

    @Bean
    StartSummary startSummary(BridgeProperties properties, CamelContext camel, QueueGauges queues) {
        return new StartSummary(properties, camel, queues);
    }

    @Bean
    FunctionCounter tokenFetchesCounter(AccessTokenProvider tokens, MeterRegistry registry) {
        return FunctionCounter.builder("bridge.token.fetches", tokens, AccessTokenProvider::fetches)
                .description("Requests for an access token to AristoTelos's token endpoint, answered with a token or not "
                        + "(rising without deliveries: the token endpoint fails, readiness says why)").register(registry);
    }

    @Bean
    AristotelosHealth aristotelosHealthIndicator(CircuitBreakerRegistry breakers, AccessTokenProvider tokens,
                                                 DeliveryRecorder recorder, Clock clock) {
        return new AristotelosHealth(breakers, tokens, recorder, clock);
    }

    /**
     * Whether the broker keeps bridge.last-state as a last-value queue, as the start's check (or a later one) found:
     * DEGRADED with what to configure when it does not (callbacks and deliveries still work). Also DEGRADED while the
     * embedded broker pages it with its memory full, which only more agents' states than that memory holds make it do.
     */
    @Bean
    HealthIndicator lastStateQueueHealthIndicator(LastStateQueueCheck check, ObjectProvider<EmbeddedActiveMQ> embedded) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        return () -> {
            if (lastStatesPaged(broker)) {
                return Health.status(AristotelosHealth.DEGRADED).withDetail("lastValueQueue", true)
                        .withDetail("problem", LAST_STATES_PAGED).build();
            }
            Boolean lastValue = check.lastValueAskingAgain();
            if (lastValue == null) {
                return Health.up().withDetail("lastValueQueue", "not checked: " + check.uncheckedBecause()).build();
            }
            if (!lastValue) {
                return Health.status(AristotelosHealth.DEGRADED).withDetail("lastValueQueue", false)
                        .withDetail("problem", LastStateQueueCheck.PROBLEM).build();
            }
            return Health.up().withDetail("lastValueQueue", true).build();
        };
    }

    /**
     * Paged, a last state is never replaced: only what the queue holds in memory is (nothing consumes it, so its pages
     * are not read back while it is full), and each later state is one more message on disk, the pages growing with
     * every callback until the disk's minimum stops the bridge, with nothing pointing at the cause (a review).
     */
    static final String LAST_STATES_PAGED = "the broker's queue " + SharedNames.LAST_STATE_QUEUE + " holds more agents' last "
            + "states than its memory does (about 10,000 agents) and pages them: each later state is written to disk and none "
            + "is replaced, so the journal grows with every callback. More user names came in callbacks than a contact centre "
            + "has agents: check the callbacks' user field (Daktela's template), and who has DAKTELA_CALLBACK_SECRET. To empty "
            + "the queue: Artemis's removeAllMessages on " + SharedNames.LAST_STATE_QUEUE + " (jconsole or Hawtio); the next "
            + "reconciliation pass repairs each agent Daktela lists as one the bridge never saw";

    private static boolean lastStatesPaged(EmbeddedActiveMQ broker) {
        ActiveMQServer server = broker == null ? null : broker.getActiveMQServer();
        Queue queue = server == null || !server.isActive() ? null : server.locateQueue(SimpleString.of(SharedNames.LAST_STATE_QUEUE));
        // paging with its memory full: a disk that was full pages every address that gets a message, and the flag then
        // stays until every paged message is acknowledged, weeks for a logged-out agent's last state (a review)
        PagingStore store = queue == null ? null : queue.getPagingStore();
        return store != null && store.isPaging() && store.getMaxSize() > 0 && store.getAddressSize() >= store.getMaxSize();
    }

    /**
     * Daktela's API as reconciliation reads it: DEGRADED with the reason after a few failed passes
     * in a row (a failed read, or repairs the store refused), or when no pass has ended for long (a
     * pass that hangs fails nothing), never DOWN (callbacks are still taken and delivered).
     */
    @Bean
    HealthIndicator daktelaHealthIndicator(Reconciler reconciler, BridgeProperties properties) {
        boolean active = properties.daktela().reconcileActive();
        Duration interval = properties.daktela().reconcileInterval();
        // three intervals: one late pass is no problem, three missed are; plus a page's deadline, the
        // longest a read waits for Daktela before it fails by itself, so that a pass that ends at that
        // deadline is counted as failed (above) and not called stuck
        Duration stuckAfter = interval.multipliedBy(3).plus(WholeAnswer.deadline(DaktelaClient.DEFAULT_TIMEOUT));
        return () -> {
            if (!active) {
                return Health.up().withDetail("reconciliation", "off").build();
            }
            int failures = reconciler.failuresInARow();
            // not an age of -1 before the first good pass: the detail is read by people
            Health.Builder health = reconciler.hadGoodPass()
                    ? Health.up().withDetail("lastGoodPassAgeSeconds", reconciler.lastGoodPassAge().toSeconds())
                    : Health.up().withDetail("lastGoodPass", "none since the bridge started");
            health.withDetail("failedReadsInARow", failures);
            // from the last pass that ended, failed or not: a slow pass that failed ended, and is no hang
            Duration without = reconciler.withoutPassEnded();
            if (failures >= Reconciler.FAILURES_BEFORE_DEGRADED) {
                Reconciler.Failure last = reconciler.lastFailure();
                String reason = last == null ? null : last.reason();
                Reconciler.Step step = last == null ? Reconciler.Step.READING_DAKTELA : last.step();
                health.status(AristotelosHealth.DEGRADED).withDetail("problem", switch (step) {
                    case STORING -> "Reconciliation: " + failures + " passes in a row failed, the last one storing its repairs, "
                            + "which are not stored meanwhile (the next good pass makes them again): " + reason;
                    case COMPARING -> "Reconciliation: " + failures + " passes in a row failed, the last one comparing Daktela's "
                            + "live sessions with the broker's, reconciliation repairs nothing meanwhile (callbacks still work); "
                            + "check the broker: " + reason;
                    case READING_DAKTELA -> "Daktela's API: reading live sessions failed " + failures + " times in a row, "
                            + "reconciliation repairs nothing meanwhile (callbacks still work): " + reason;
                });
            } else if (without.compareTo(stuckAfter) > 0) {
                health.status(AristotelosHealth.DEGRADED).withDetail("problem", "Reconciliation: no pass has ended "
                        + (reconciler.hadPassEnd() ? "for " + without.toSeconds() + " s" : "since the bridge started " + without.toSeconds() + " s ago")
                        + " (a pass every " + interval.toSeconds() + " s), and none failed: a pass hangs, so nothing is repaired "
                        + "meanwhile (callbacks still work); a thread dump shows where the reconcile timer's thread waits "
                        + "(reading Daktela or the broker); restart the bridge to start a new pass");
            }
            return health.build();
        };
    }

    /** DEGRADED, not DOWN: callbacks are still taken and other events delivered meanwhile. */
    @Bean
    DeadLettersHealth deadLettersHealthIndicator(QueueGauges queues) {
        return new DeadLettersHealth(queues);
    }

    /**
     * The broker's part of readiness, in place of Spring Boot's (which it replaces by this bean's name). With the embedded
     * broker, whether it runs, asked of the broker: Spring's check opens a connection, and a probe that opened one at the
     * moment a failed start stopped the broker hung until the web server's graceful shutdown gave up, 10 s later, with a
     * WARN for each probe (FailedStartIT). With ARTEMIS_URL, Spring's check: a connection opened and started.
     */
    @Bean
    HealthIndicator jmsHealthIndicator(ConnectionFactory connectionFactory, ObjectProvider<EmbeddedActiveMQ> embedded) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker == null) {
            return new JmsHealthIndicator(connectionFactory);
        }
        return () -> {
            ActiveMQServer server = broker.getActiveMQServer();
            return server != null && server.isActive() ? Health.up().withDetail("provider", "embedded ActiveMQ Artemis").build()
                    : Health.down().withDetail("problem", "the embedded broker is not running").build();
        };
    }

    @Bean
    MappingsHealth mappingsHealthIndicator(MappingsFile mappingsFile) {
        return new MappingsHealth(mappingsFile);
    }

    @Bean
    RoutesHealth routesHealthIndicator(DeliveryRecorder recorder) {
        return new RoutesHealth(recorder);
    }

    /**
     * OUT_OF_SERVICE while callbacks cannot be stored (disk below the minimum free space, embedded
     * broker stopped): readiness fails, so a load balancer sends Daktela to an instance that can.
     */
    @Bean
    HealthIndicator storageHealthIndicator(StorageGuard storageGuard) {
        return () -> {
            String problem = storageGuard.problem();
            return problem == null ? Health.up().build() : Health.outOfService().withDetail("problem", problem).build();
        };
    }

    @Bean
    BoardEndpoint boardEndpoint(AgentBoard board, AristotelosHealth aristotelosHealthIndicator, QueueGauges queueGauges,
            StorageGuard storageGuard, MappingsHealth mappingsHealthIndicator, RoutesHealth routesHealthIndicator,
            DeadLettersHealth deadLettersHealthIndicator) {
        return new BoardEndpoint(board, aristotelosHealthIndicator, queueGauges, storageGuard, mappingsHealthIndicator,
                routesHealthIndicator, deadLettersHealthIndicator);
    }

    /** The operator's status page ({@code /actuator/status}) on the management side. */
    @Bean
    StatusPageEndpoint statusPageEndpoint() throws IOException {
        return new StatusPageEndpoint();
    }
}
