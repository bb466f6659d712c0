package cz.bridge.config;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;

import cz.bridge.delivery.AccessTokenProvider;
import cz.bridge.delivery.ParkedEvents;
import cz.bridge.delivery.ParkedEventsEndpoint;
import cz.bridge.delivery.ParkingReason;
import cz.bridge.delivery.RetryAfter;
import cz.bridge.delivery.StoredEventReader;
import cz.bridge.intake.CallbackIntake;
import cz.bridge.intake.CallbackParser;
import cz.bridge.intake.EventCodec;
import cz.bridge.intake.CallbackDoor;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import cz.bridge.daktela.DaktelaClient;
import cz.bridge.mapping.MappingsFile;
import cz.bridge.monitoring.DaktelaHealth;
import cz.bridge.reconcile.LastStates;
import cz.bridge.reconcile.Reconciler;
import cz.bridge.mapping.StateTranslator;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import cz.bridge.monitoring.AgentBoard;
import cz.bridge.monitoring.BoardEndpoint;
import cz.bridge.monitoring.AristotelosHealth;
import cz.bridge.monitoring.BridgeMetrics;
import cz.bridge.monitoring.DeadLetterHealth;
import cz.bridge.monitoring.DeliveryRecorder;
import cz.bridge.monitoring.MappingsHealth;
import cz.bridge.monitoring.QueueGauges;
import cz.bridge.monitoring.StorageHealth;
import cz.bridge.storage.BrokerSupervisor;
import cz.bridge.storage.DataDirectory;
import cz.bridge.storage.StorageGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.jms.core.JmsTemplate;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.annotation.Configuration;

/** The beans the route files refer to by name. */
@Configuration(proxyBeanMethods = false)
public class BridgeConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    HttpClient aristotelosHttpClient(BridgeProperties properties) {
        return HttpClient.newBuilder()
                .connectTimeout(properties.aristotelos().timeout())
                .executor(Executors.newCachedThreadPool())
                .build();
    }

    /**
     * platform-http on Spring Boot hands each request from Tomcat's thread to a task pool and
     * waits; the intake work is short (parse, one synced journal write), so the hop only added
     * thread switches on a small machine. Each callback runs on the Tomcat thread that received it.
     * (platform-http looks the engine up by this name.)
     */
    @Bean("platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new SpringBootPlatformHttpEngine(port, Runnable::run);
    }

    @Bean
    CallbackParser callbackParser(ObjectMapper json, BridgeProperties properties, Clock clock) {
        return new CallbackParser(json, properties.daktela().timeZone(), clock, properties.callback().maxBatchEvents());
    }

    @Bean
    CallbackIntake callbackIntake(CallbackParser parser, ObjectMapper json, BridgeMetrics metrics, DeliveryRecorder recorder) {
        return new CallbackIntake(parser, json, metrics, recorder);
    }

    /**
     * The broker transaction of routes/callback.camel.yaml's store-events route (transacted, ref
     * brokerTransaction): the camel-jms sends inside it join one local JMS transaction on the
     * connection factory camel-jms uses, committed (one journal sync) when the route ends, rolled
     * back when a send fails. The transaction manager is not a bean of its own, so that Spring
     * Boot's transaction auto-configuration does not take it for the application's.
     */
    @Bean
    SpringTransactionPolicy brokerTransaction(ConnectionFactory connectionFactory) {
        return new SpringTransactionPolicy(new JmsTransactionManager(connectionFactory));
    }

    /**
     * The embedded broker's cache of duplicate ids (_AMQ_DUPL_ID, the event id): per address, the
     * latest bridge.callback.duplicate-ids ids, written to the journal with the event they came
     * with (so they outlive a restart), refused when they come again. A broker-wide setting, not
     * an address setting: bridge.events is the only address whose messages carry one.
     */
    @Bean
    ArtemisConfigurationCustomizer duplicateIdCache(BridgeProperties properties) {
        return configuration -> configuration
                .setIDCacheSize(properties.callback().duplicateIds())
                .setPersistIDCache(true);
    }

    /** The embedded broker's data directory is checked before the broker opens it (the message names BRIDGE_DATA_DIR). */
    @Bean
    ArtemisConfigurationCustomizer writableDataDirectory(BridgeProperties properties) {
        return configuration -> DataDirectory.requireWritable(properties.dataDir());
    }

    /** Closing starts: refuse new callbacks with 503 while in-flight work finishes. */
    @Bean
    ApplicationListener<ContextClosedEvent> refuseCallbacksWhenClosing(CallbackIntake callbackIntake) {
        return event -> callbackIntake.close();
    }

    /** Every POST at the callback port passes the door before Spring or Camel read anything of it. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> callbackDoor(BridgeProperties properties, ObjectMapper json,
                                                                          BridgeMetrics metrics) {
        BridgeProperties.Callback callback = properties.callback();
        return factory -> factory.addContextValves(new CallbackDoor(callback.secret(), callback.secretHeader(),
                callback.maxBodySize().toBytes(), callback.bodyReadTimeout(), json, metrics));
    }

    @Bean
    EventCodec eventCodec(ObjectMapper json) {
        return new EventCodec(json);
    }

    @Bean(destroyMethod = "close")
    MappingsFile mappingsFile(BridgeProperties properties) {
        MappingsFile file = new MappingsFile(properties.mappingsFile());
        file.watch(500);
        return file;
    }

    @Bean
    StateTranslator stateTranslator(MappingsFile mappingsFile, BridgeProperties properties) {
        return new StateTranslator(mappingsFile, properties.unmappedPause());
    }

    @Bean
    AccessTokenProvider accessTokenProvider(BridgeProperties properties, HttpClient aristotelosHttpClient,
                                            ObjectMapper json, Clock clock) {
        return new AccessTokenProvider(properties.aristotelos().requireClient(), aristotelosHttpClient, json, clock);
    }

    @Bean
    RetryAfter retryAfter(Clock clock, BridgeProperties properties) {
        return new RetryAfter(clock, Duration.ofMillis(properties.delivery().maxRetryDelayMs()));
    }

    /**
     * The error handler's hook for a failed try that will be retried (onExceptionOccurredRef in
     * delivery.camel.yaml): counts it, shows it for the agent, and sets a Retry-After from AristoTelos
     * as the pause before the next try. Camel calls it as a Processor, with no parameters, so it reads
     * only what Camel and JMS define: the failure, and the agent as the stored event's message group.
     */
    @Bean
    Processor deliveryFailed(RetryAfter retryAfter, DeliveryRecorder recorder) {
        return exchange -> {
            Throwable failure = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            Message stored = exchange.getUnitOfWork() != null ? exchange.getUnitOfWork().getOriginalInMessage() : exchange.getMessage();
            recorder.retrying(stored.getHeader("JMSXGroupID", String.class), failure);
            Long pause = retryAfter.millis(failure);
            if (pause != null) {
                exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, pause);
            } else {
                exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
            }
        };
    }

    @Bean
    ParkingReason parkingReason(Clock clock, DeliveryRecorder recorder, BridgeProperties properties) {
        return new ParkingReason(clock.withZone(properties.daktela().timeZone()), recorder,
                properties.delivery().maxDeliveryAttempts());
    }

    @Bean
    StoredEventReader storedEventReader(EventCodec eventCodec) {
        return new StoredEventReader(eventCodec);
    }

    @Bean
    ParkedEvents parkedEvents(JmsTemplate jmsTemplate) {
        JmsTemplate transacted = new JmsTemplate(jmsTemplate.getConnectionFactory());
        transacted.setSessionTransacted(true);
        return new ParkedEvents(transacted);
    }

    @Bean
    ParkedEventsEndpoint parkedEventsEndpoint(ParkedEvents parkedEvents) {
        return new ParkedEventsEndpoint(parkedEvents);
    }

    /** The last accepted state per agent: the last-value queue bridge.last-state (docs/reconciliation.md). */
    @Bean
    LastStates lastStates(JmsTemplate jmsTemplate, EventCodec eventCodec) {
        return new LastStates(jmsTemplate, eventCodec);
    }

    /** routes/reconciliation.camel.yaml's Java side; without Daktela's URL and token it is there but its route does not run. */
    @Bean
    Reconciler reconciler(BridgeProperties properties, LastStates lastStates, DeliveryRecorder recorder, Clock clock,
                          MeterRegistry registry) {
        BridgeProperties.Daktela daktela = properties.daktela();
        DaktelaClient client = daktela.url().isBlank() || daktela.accessToken().isBlank() ? null
                : new DaktelaClient(daktela.url(), daktela.accessToken(), DaktelaClient.DEFAULT_TIMEOUT,
                        daktela.reconcilePageSize());
        return new Reconciler(client, lastStates, recorder, clock, daktela.timeZone(), daktela.reconcileGrace(),
                daktela.sessionStates(), registry);
    }

    @Bean
    DaktelaHealth daktelaHealthIndicator(Reconciler reconciler, BridgeProperties properties) {
        return new DaktelaHealth(reconciler, properties.daktela().reconcileActive());
    }

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

    /**
     * Where Camel's circuit breaker EIP takes its breakers from (it looks a registry up by type),
     * published by resilience4j's own Micrometer support: resilience4j_circuitbreaker_state{name,state},
     * _calls_seconds{kind=successful|failed|ignored}, _failure_rate, _not_permitted_calls_total, ...
     */
    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry registry) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        return breakers;
    }

    @Bean
    AristotelosHealth aristotelosHealthIndicator(CircuitBreakerRegistry breakers, AccessTokenProvider tokens,
                                                 DeliveryRecorder recorder, Clock clock) {
        return new AristotelosHealth(breakers, tokens, recorder, clock);
    }

    @Bean
    BoardEndpoint boardEndpoint(AgentBoard board, AristotelosHealth aristotelosHealthIndicator, QueueGauges queueGauges) {
        return new BoardEndpoint(board, aristotelosHealthIndicator, queueGauges);
    }

    @Bean
    DeadLetterHealth deadLettersHealthIndicator(QueueGauges queueGauges) {
        return new DeadLetterHealth(queueGauges);
    }

    @Bean
    MappingsHealth mappingsHealthIndicator(MappingsFile mappingsFile) {
        return new MappingsHealth(mappingsFile);
    }

    /** Token fetches as a Prometheus counter, read from the provider's own count. */
    @Bean
    FunctionCounter tokenFetchesCounter(AccessTokenProvider tokens, MeterRegistry registry) {
        return FunctionCounter.builder("bridge.token.fetches", tokens, AccessTokenProvider::fetches)
                .description("Access tokens fetched from AristoTelos").register(registry);
    }

    @Bean
    static ArtemisClientTuning artemisClientTuning() {
        return new ArtemisClientTuning();
    }

    /** camel-jms on the broker Spring Boot configured (embedded, or ARTEMIS_URL). */
    @Bean("jms")
    JmsComponent jms(ConnectionFactory connectionFactory) {
        return JmsComponent.jmsComponent(connectionFactory);
    }

    @Bean
    StorageGuard storageGuard(ObjectProvider<EmbeddedActiveMQ> embedded, BridgeProperties properties) {
        return new StorageGuard(embedded.getIfAvailable(), properties.dataDir(), properties.storage().minFree());
    }

    @Bean
    StorageHealth storageHealthIndicator(StorageGuard storageGuard) {
        return new StorageHealth(storageGuard);
    }

    @Bean
    BrokerSupervisor brokerSupervisor(ObjectProvider<EmbeddedActiveMQ> embedded, BridgeProperties properties) {
        return new BrokerSupervisor(embedded.getIfAvailable(), properties.dataDir(),
                properties.storage().brokerRestartInterval());
    }

    /**
     * The bridge's queues (Spring Boot's embedded broker takes address settings only this way).
     * A delivery that fails is retried or parked by the routes, so the broker redelivers a
     * rolled-back event at once and, on bridge.parked, without limit. On bridge.events the
     * broker's count of deliveries is the last guard against an event that cannot even be
     * parked: after bridge.delivery.max-delivery-attempts deliveries it moves the event to the
     * dead-letter queue bridge.dead (created at start: spring.artemis.embedded.queues) instead of
     * delivering it for ever. A good event is rolled back, and counted, only when its delivery is
     * cut short: the delivery route stopped or reloaded, or the bridge shut down, while that event
     * is being retried (AristoTelos down). The broker writes the count to its journal at each
     * rollback, so it survives restarts (a crash does not count); with the default of 10 a good
     * event reaches bridge.dead only after ten such interruptions of its own delivery.
     */
    @Bean
    ArtemisConfigurationCustomizer bridgeQueues(BridgeProperties properties) {
        return configuration -> {
            configuration.addAddressSetting("bridge.#", new AddressSettings()
                    .setMaxDeliveryAttempts(-1)
                    // a delayed redelivery would let the agent's next event overtake the one rolled back;
                    // the pause between attempts is the routes' (parking.camel.yaml), which hold the agent's group meanwhile
                    .setRedeliveryDelay(0));
            // one message per agent, the last one stored (LastStates)
            configuration.addAddressSetting(LastStates.QUEUE, new AddressSettings()
                    .setDefaultLastValueQueue(true)
                    .setAutoDeleteQueues(false)
                    .setAutoDeleteAddresses(false));
            configuration.addAddressSetting(QueueGauges.EVENTS, new AddressSettings()
                    .setMaxDeliveryAttempts(properties.delivery().maxDeliveryAttempts())
                    .setDeadLetterAddress(SimpleString.of(QueueGauges.DEAD))
                    .setAutoCreateDeadLetterResources(false)
                    .setRedeliveryDelay(0));
            // full = less than the minimum free space, checked every second, not a usage percentage:
            // the margin lets deliveries still record their acknowledgements while callbacks are refused
            configuration.setMaxDiskUsage(100);
            configuration.setMinDiskFree(properties.storage().minFree().toBytes());
            configuration.setDiskScanPeriod(1000);
        };
    }
}
