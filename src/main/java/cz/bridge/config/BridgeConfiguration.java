package cz.bridge.config;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;

import cz.bridge.delivery.AccessTokenProvider;
import cz.bridge.delivery.AristotelosAnswer;
import cz.bridge.delivery.ParkingReason;
import cz.bridge.intake.AcceptedEventIds;
import cz.bridge.intake.CallbackIntake;
import cz.bridge.intake.CallbackParser;
import cz.bridge.intake.EventCodec;
import cz.bridge.intake.FormEncodingGuard;
import cz.bridge.mapping.MappingsFile;
import cz.bridge.mapping.StateTranslator;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
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
                .connectTimeout(properties.getAristotelos().getTimeout())
                .executor(Executors.newCachedThreadPool())
                .build();
    }

    @Bean
    CallbackParser callbackParser(ObjectMapper json, BridgeProperties properties, Clock clock) {
        return new CallbackParser(json, properties.getDaktela().getTimeZone(), clock);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    AcceptedEventIds acceptedEventIds(BridgeProperties properties, Clock clock) {
        return new AcceptedEventIds(properties.getDataDir().resolve("accepted-ids.log"),
                properties.getCallback().getDuplicateRetention(), clock);
    }

    @Bean
    CallbackIntake callbackIntake(BridgeProperties properties, CallbackParser parser, AcceptedEventIds acceptedEventIds,
                                  ObjectMapper json) {
        if (properties.getCallback().getSecret().isBlank()) {
            throw new IllegalStateException("DAKTELA_CALLBACK_SECRET is not set: set it to the secret the Daktela "
                    + "HTTP action sends (header " + properties.getCallback().getSecretHeader() + " or query parameter secret)");
        }
        return new CallbackIntake(properties.getCallback(), parser, acceptedEventIds, json);
    }

    @Bean
    FormEncodingGuard formEncodingGuard(BridgeProperties properties) {
        return new FormEncodingGuard("/daktela/agent-state", properties.getCallback().getMaxBodySize().toBytes());
    }

    @Bean
    EventCodec eventCodec(ObjectMapper json) {
        return new EventCodec(json);
    }

    @Bean(destroyMethod = "close")
    MappingsFile mappingsFile(BridgeProperties properties) {
        MappingsFile file = new MappingsFile(properties.getMappingsFile());
        file.watch(500);
        return file;
    }

    @Bean
    StateTranslator stateTranslator(MappingsFile mappingsFile, BridgeProperties properties) {
        return new StateTranslator(mappingsFile, properties.getUnmappedPause());
    }

    @Bean
    AccessTokenProvider accessTokenProvider(BridgeProperties properties, HttpClient aristotelosHttpClient,
                                            ObjectMapper json, Clock clock) {
        BridgeProperties.Aristotelos config = properties.getAristotelos();
        if (config.getClientId().isBlank() || config.getClientSecret().isBlank()) {
            throw new IllegalStateException("ARISTOTELOS_CLIENT_ID and ARISTOTELOS_CLIENT_SECRET must be set: the client "
                    + "application's id and secret from AristoTelos (Nastavení > Klientské aplikace)");
        }
        return new AccessTokenProvider(config, aristotelosHttpClient, json, clock);
    }

    @Bean
    AristotelosAnswer aristotelosAnswer(Clock clock, BridgeProperties properties) {
        return new AristotelosAnswer(clock, Duration.ofMillis(properties.getDelivery().getMaxRetryDelayMs()));
    }

    /** The error handler's hook: onExceptionOccurredRef takes a Processor. */
    @Bean
    Processor honourRetryAfter(AristotelosAnswer aristotelosAnswer) {
        return aristotelosAnswer::honourRetryAfter;
    }

    @Bean
    ParkingReason parkingReason(Clock clock) {
        return new ParkingReason(clock);
    }

    /** camel-jms on the broker Spring Boot configured (embedded, or ARTEMIS_URL). */
    @Bean("jms")
    JmsComponent jms(ConnectionFactory connectionFactory) {
        return JmsComponent.jmsComponent(connectionFactory);
    }

    /** The bridge's queues never give up on a message: a delivery that fails is retried or parked by the routes. */
    @Bean
    ArtemisConfigurationCustomizer bridgeQueues() {
        return configuration -> {
            configuration.addAddressSetting("bridge.#", new AddressSettings()
                    .setMaxDeliveryAttempts(-1)
                    // a delayed redelivery would let the agent's next event overtake the one rolled back
                    .setRedeliveryDelay(0));
            // the journal's own writes decide when the disk is full, not a usage percentage
            configuration.setMaxDiskUsage(100);
        };
    }
}
