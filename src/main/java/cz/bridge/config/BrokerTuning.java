package cz.bridge.config;

import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker's memory and journal timing. It keeps at most GLOBAL_MAX_SIZE of waiting
 * events in memory; beyond it the events are paged to the data directory (still durable, still in
 * order) in pages of PAGE_SIZE_BYTES, of which it reads at most two ahead of the deliveries.
 * Artemis's defaults (half of the heap; pages of 10 MB, 20 MB of them read ahead) took the 128 MB
 * heap of jvm.options under a backlog of 30,000 events: full collections back to back, deliveries
 * stalled (bench/README.md). These sizes are Artemis's estimates; in the heap an event takes about
 * twice its estimate.
 */
@Configuration(proxyBeanMethods = false)
class BrokerTuning {

    static final long GLOBAL_MAX_SIZE = 8L * 1024 * 1024;
    static final int PAGE_SIZE_BYTES = 1024 * 1024;
    /**
     * How long the journal gathers writes before one sync: every 202 and every delivery's
     * acknowledgement waits for it. Artemis's NIO default is 3.3 ms; under load the writes that
     * arrive during a sync are gathered anyway. At 100 events/s the median callback-to-AristoTelos
     * time went from 5.8 to 4.8 ms (bench/README.md).
     */
    static final int JOURNAL_BUFFER_TIMEOUT_NANOS = 500_000;

    @Bean
    ArtemisConfigurationCustomizer brokerMemoryAndJournal(BridgeProperties properties) {
        return configuration -> {
            configuration.setGlobalMaxSize(GLOBAL_MAX_SIZE);
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
