package cz.bridge.mapping;

import cz.bridge.config.BridgeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** mappings.yaml, watched and reloaded, and the translator routes/delivery.camel.yaml calls. */
@Configuration(proxyBeanMethods = false)
public class MappingConfiguration {

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
}
