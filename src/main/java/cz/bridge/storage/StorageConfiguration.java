package cz.bridge.storage;

import cz.bridge.config.BridgeProperties;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded broker's disk: its directory checked at start, callbacks refused when full, the broker restarted after a failed write. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    /** The embedded broker's data directory is checked before the broker opens it (the message names BRIDGE_DATA_DIR). */
    @Bean
    ArtemisConfigurationCustomizer writableDataDirectory(BridgeProperties properties) {
        return configuration -> DataDirectory.requireWritable(properties.dataDir());
    }

    @Bean
    StorageGuard storageGuard(ObjectProvider<EmbeddedActiveMQ> embedded, BridgeProperties properties) {
        return new StorageGuard(embedded.getIfAvailable(), properties.dataDir(), properties.storage().minFree());
    }

    @Bean
    BrokerSupervisor brokerSupervisor(ObjectProvider<EmbeddedActiveMQ> embedded, BridgeProperties properties) {
        return new BrokerSupervisor(embedded.getIfAvailable(), properties.dataDir(),
                properties.storage().brokerRestartInterval());
    }
}
