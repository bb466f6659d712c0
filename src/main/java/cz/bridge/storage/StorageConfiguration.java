package cz.bridge.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import cz.bridge.config.BridgeProperties;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.server.config.JMSConfiguration;
import org.apache.activemq.artemis.jms.server.config.JMSQueueConfiguration;
import org.apache.activemq.artemis.jms.server.config.TopicConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded broker's disk: its directory checked at start, callbacks refused when full, the broker restarted after a failed write. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StorageConfiguration.class);

    /**
     * The embedded broker's data directory is checked before the broker opens it (the message names
     * BRIDGE_DATA_DIR), and its free space against BRIDGE_STORAGE_MIN_FREE.
     */
    @Bean
    ArtemisConfigurationCustomizer checkedDataDirectory(BridgeProperties properties) {
        return configuration -> {
            DataDirectory.requireWritable(properties.dataDir(), DataDirectory.brokerDirs(configuration));
            // the journal's disk, which StorageGuard watches; its directory is made by the broker after this
            Path journal = configuration.getJournalLocation().toPath().toAbsolutePath();
            while (!Files.isDirectory(journal) && journal.getParent() != null) {
                journal = journal.getParent();
            }
            try {
                String warning = DataDirectory.minFreeAboveFree(journal, properties.storage().minFree().toBytes(),
                        Files.getFileStore(journal).getUsableSpace());
                if (warning != null) {
                    LOG.warn(warning);
                }
            } catch (IOException unknown) {
                // the free space is the broker's to watch from here on (StorageGuard)
            }
        };
    }

    @Bean
    StorageGuard storageGuard(ObjectProvider<EmbeddedActiveMQ> embedded, BridgeProperties properties) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker != null && !broker.getActiveMQServer().isActive()) {
            // Artemis logs its failure and returns: the bridge went on and took callbacks it could not store (503s)
            Path journal = properties.dataDir().resolve("artemis").toAbsolutePath().normalize();
            Duration lockWait = properties.storage().lockWait();
            // a failure well before the lock wait is no lock another process holds (a journal the broker could not read)
            if (broker instanceof RenewableEmbeddedBroker timed && timed.lastStart().compareTo(lockWait.multipliedBy(9).dividedBy(10)) < 0) {
                throw new IllegalStateException("the embedded broker did not start: it gave up after " + timed.lastStart().toMillis()
                        + " ms, so no other process holds its lock; the log above says why (its journal in " + journal
                        + ", or its settings): fix what it names, or give this bridge a BRIDGE_DATA_DIR of its own");
            }
            throw new IllegalStateException("the embedded broker did not start within BRIDGE_STORAGE_LOCK_WAIT ("
                    + lockWait.toSeconds() + " s; the log above says why): most often another process "
                    + "holds the lock of its journal in " + journal
                    + ", a bridge still running on the same BRIDGE_DATA_DIR; stop it, or give this bridge a BRIDGE_DATA_DIR of its own");
        }
        return new StorageGuard(broker, broker == null ? properties.dataDir()
                : broker.getActiveMQServer().getConfiguration().getJournalLocation().toPath(), properties.storage().minFree());
    }

    /**
     * Spring Boot's embedded broker, as its ArtemisEmbeddedServerConfiguration makes it (which steps back for this bean):
     * its configuration, spring.artemis.embedded.queues and .topics, the customizers; as one whose server BrokerSupervisor can
     * renew. (A BeanPostProcessor handing on Spring Boot's own instance left that one, never started, to be stopped.)
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(prefix = "spring.artemis.embedded", name = "enabled", havingValue = "true", matchIfMissing = true)
    RenewableEmbeddedBroker embeddedActiveMq(org.apache.activemq.artemis.core.config.Configuration configuration,
            JMSConfiguration jms, ObjectProvider<ArtemisConfigurationCustomizer> customizers) {
        for (JMSQueueConfiguration queue : jms.getQueueConfigurations()) {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(queue.getName())
                    .addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(queue.getName()).setAddress(queue.getName())
                            .setFilterString(queue.getSelector()).setDurable(queue.isDurable()).setRoutingType(RoutingType.ANYCAST)));
        }
        for (TopicConfiguration topic : jms.getTopicConfigurations()) {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(topic.getName())
                    .addRoutingType(RoutingType.MULTICAST));
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(configuration));
        RenewableEmbeddedBroker broker = new RenewableEmbeddedBroker();
        broker.setConfiguration(configuration);
        return broker;
    }

    @Bean
    BrokerSupervisor brokerSupervisor(ObjectProvider<RenewableEmbeddedBroker> embedded, BridgeProperties properties) {
        return new BrokerSupervisor(embedded.getIfAvailable(), properties.dataDir(),
                properties.storage().brokerRestartInterval());
    }
}
