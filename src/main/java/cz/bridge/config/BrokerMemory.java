package cz.bridge.config;

import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker keeps at most this much of waiting events in memory; beyond it the events
 * are paged to the data directory (still durable, still in order). Artemis's default is half of
 * the heap, which under a growing backlog would take the heap the rest of the bridge needs
 * (jvm.options keeps the heap small).
 */
@Configuration(proxyBeanMethods = false)
class BrokerMemory {

    static final long GLOBAL_MAX_SIZE = 24L * 1024 * 1024;

    @Bean
    ArtemisConfigurationCustomizer brokerMemoryLimit() {
        return configuration -> configuration.setGlobalMaxSize(GLOBAL_MAX_SIZE);
    }
}
