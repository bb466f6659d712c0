package cz.bridge.mapping;

import cz.bridge.config.BridgeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** mappings.yaml (reloaded by routes/mappings.camel.yaml) and the translator routes/delivery.camel.yaml calls. */
@Configuration(proxyBeanMethods = false)
public class MappingConfiguration {

    @Bean
    MappingsFile mappingsFile(BridgeProperties properties) {
        return new MappingsFile(properties.mappingsFile());
    }

    @Bean
    StateTranslator stateTranslator(MappingsFile mappingsFile, BridgeProperties properties) {
        return new StateTranslator(mappingsFile, properties.unmappedPause());
    }
}
