package cz.bridge.simulator;

import java.time.Clock;

import cz.bridge.config.BridgeProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Starts the built-in AristoTelos simulator when no real AristoTelos is configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bridge.simulator.enabled", havingValue = "true")
public class SimulatorConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    AristotelosSimulator aristotelosSimulator(BridgeProperties properties, Clock clock) {
        BridgeProperties.Simulator config = properties.simulator();
        return new AristotelosSimulator(config.port(), properties.aristotelos().clientId(),
                properties.aristotelos().clientSecret(), config.tokenLifetime(), config.employees(), clock);
    }

    /**
     * The built-in Daktela API simulator, which reconciliation reads in demo mode without DAKTELA_URL
     * (EmbeddedDefaults sets bridge.daktela-simulator.enabled only then; production mode never starts it).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "bridge.daktela-simulator.enabled", havingValue = "true")
    DaktelaSimulator daktelaSimulator(BridgeProperties properties) {
        BridgeProperties.DaktelaSimulator config = properties.daktelaSimulator();
        return new DaktelaSimulator(config.port(), config.token());
    }
}
