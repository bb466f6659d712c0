package cz.bridge.config;

import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker's memory and journal timing. It keeps at most bridge.storage.memory of waiting
 * events in memory; beyond it the events are paged to the data directory (still durable, still in
 * order) in pages of PAGE_SIZE_BYTES, of which it reads at most two ahead of the deliveries.
 * Artemis's defaults (half of the heap; pages of 10 MB, 20 MB of them read ahead) fill a small heap
 * under a backlog, and a full heap stalls the deliveries that would empty it (bench/README.md). These
 * sizes are Artemis's estimates; the start checks that the heap has room for the memory
 * ({@link BridgeProperties.Callback#requireHeapFor}).
 */
@Configuration(proxyBeanMethods = false)
class BrokerTuning {

    static final int PAGE_SIZE_BYTES = 1024 * 1024;
    /**
     * How long the journal gathers writes before one sync: every 202 and every delivery's
     * acknowledgement waits for it. Shorter than Artemis's NIO default, for the answers at a
     * contact centre's rates; under load the writes that arrive during a sync are gathered anyway.
     */
    static final int JOURNAL_BUFFER_TIMEOUT_NANOS = 500_000;

    @Bean
    ArtemisConfigurationCustomizer brokerMemoryAndJournal(BridgeProperties properties) {
        return configuration -> {
            configuration.setGlobalMaxSize(properties.storage().memory().toBytes());
            configuration.setJournalBufferTimeout_NIO(JOURNAL_BUFFER_TIMEOUT_NANOS);
            // a second bridge on the same data directory (a supervisor's restart while the old process still stops)
            // waited for the journal's lock for ever, deaf to SIGTERM, with no port answering; after the wait the
            // broker stays down, which the storage configuration turns into a failed start
            configuration.setJournalLockAcquisitionTimeout(properties.storage().lockWait().toMillis());
            // merged into Spring Boot's own catch-all setting (its dead-letter and expiry addresses), not replacing it
            configuration.getAddressSettings().computeIfAbsent("#", match -> new AddressSettings())
                    .setPageSizeBytes(PAGE_SIZE_BYTES)
                    .setPrefetchPageBytes(PAGE_SIZE_BYTES)
                    .setMaxReadPageBytes(2 * PAGE_SIZE_BYTES);
        };
    }
}
