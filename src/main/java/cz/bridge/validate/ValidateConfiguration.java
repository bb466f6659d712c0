package cz.bridge.validate;

import cz.bridge.config.BridgeProperties;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code validate} actuator endpoint (when it is exposed:
 * {@code management.endpoints.web.exposure.include} must name {@code validate}).
 */
@Configuration(proxyBeanMethods = false)
public class ValidateConfiguration {

    @Bean
    @ConditionalOnAvailableEndpoint
    ValidateEndpoint validateEndpoint(BridgeProperties properties) {
        return new ValidateEndpoint(properties.mappingsFile(), properties.daktela().url(), properties.daktela().accessToken());
    }
}
