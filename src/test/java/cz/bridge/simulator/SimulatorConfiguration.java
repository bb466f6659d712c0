package cz.bridge.simulator;

import java.time.Clock;
import java.time.Duration;

import cz.bridge.config.BridgeProperties;
import org.springframework.context.annotation.Bean;

/**
 * The tests' AristoTelos and Daktela, with fault switches, in place of demo mode's route-file
 * simulators (routes/demo, which the tests switch off): on the ports the bridge's demo defaults point
 * at, bridge.simulator.port and bridge.daktela-simulator.port.
 * <p>No {@code @Configuration} or {@code @TestConfiguration}: component scanning must not find it (an
 * application started outside Spring's test context, as the benchmark's or ProductionModeTest's, would
 * otherwise run these simulators too); it is only ever named, by {@code @Import} or as a source.
 */
public class SimulatorConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    AristotelosSimulator aristotelosSimulator(BridgeProperties properties, Clock clock) {
        return new AristotelosSimulator(properties.simulator().port(), properties.aristotelos().clientId(),
                properties.aristotelos().clientSecret(), Duration.ofHours(1), properties.simulator().employees(), clock);
    }

    @Bean(destroyMethod = "close")
    DaktelaSimulator daktelaSimulator(BridgeProperties properties) {
        return new DaktelaSimulator(properties.daktelaSimulator().port(), properties.daktelaSimulator().token());
    }
}
