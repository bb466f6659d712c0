package cz.bridge.monitoring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the operator's status page ({@code /actuator/status}) on the management side. */
@Configuration(proxyBeanMethods = false)
public class StatusPageConfiguration {

    @Bean
    StatusPageEndpoint statusPageEndpoint() {
        return new StatusPageEndpoint();
    }
}
