package cz.bridge.config;

import cz.bridge.storage.StorageGuard;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The embedded broker's heap and journal: bridge.storage.memory per address, paged beyond in 1 MB pages read at most
 * two ahead (Artemis's defaults fill a small heap under a backlog, stalling the deliveries that would empty it:
 * bench/README.md), and the persistent duplicate-id cache (docs/decisions.md, "Duplicates"). The heap
 * is checked for both ({@link #requireHeapFor}) before the broker is made, in the customizer, which Spring Boot runs
 * for the embedded broker only: an external one (ARTEMIS_URL) holds neither in this JVM.
 */
@Configuration(proxyBeanMethods = false)
class BrokerTuning {

    static final int PAGE_SIZE_BYTES = 1024 * 1024;
    /**
     * Addresses whose messages may all be in the heap at once, each up to bridge.storage.memory: bridge.events (waiting
     * events) and bridge.parked (parked events; a consumer with a filter, as a replay of one event is, is handed only what
     * is in memory, so parked events paged beyond a small limit could not be replayed or deleted one by one). The dead-letter
     * and expiry addresses hold nothing in a healthy bridge; bridge.last-state has a limit of its own (BridgeConfiguration).
     */
    static final int ADDRESSES_IN_MEMORY = 2;
    /**
     * How long the journal gathers writes before one sync: every 202 and every delivery's
     * acknowledgement waits for it. Shorter than Artemis's NIO default, for the answers at a
     * contact centre's rates; under load the writes that arrive during a sync are gathered anyway.
     */
    static final int JOURNAL_BUFFER_TIMEOUT_NANOS = 500_000;

    /** What the embedded broker's id cache takes of the heap, per id (bench/README.md). */
    static final long BYTES_PER_ID = 225;
    /** The heap the bridge needs besides the id cache and the broker's memory, with a backlog (jvm.options). */
    static final long HEAP_FOR_THE_BRIDGE = 160L << 20;
    /** A waiting event takes 1.2-1.35 times the broker's estimate of it in the heap; with room (bench/README.md). */
    static final double HEAP_PER_BROKER_BYTE = 1.5;

    @Bean
    ArtemisConfigurationCustomizer brokerMemoryAndJournal(BridgeProperties properties) {
        return configuration -> {
            int duplicateIds = properties.callback().duplicateIds();
            DataSize memory = properties.storage().memory();
            requireHeapFor(Runtime.getRuntime().maxMemory(), duplicateIds, memory);
            configuration.setIDCacheSize(duplicateIds).setPersistIDCache(true);
            // a limit of each address's (bridge.storage.memory; BridgeConfiguration gives bridge.last-state its own), not
            // one for the broker: with one, a backlog filled it and the agents' last states were paged with the events,
            // and with some thousands of agents their last states alone filled it (LastStatePagingTest)
            configuration.setGlobalMaxSize(-1);
            configuration.setJournalBufferTimeout_NIO(JOURNAL_BUFFER_TIMEOUT_NANOS);
            // a second bridge on the same data directory (a supervisor's restart while the old process still stops)
            // waited for the journal's lock for ever, deaf to SIGTERM, with no port answering; after the wait the
            // broker stays down, which the storage configuration turns into a failed start
            configuration.setJournalLockAcquisitionTimeout(properties.storage().lockWait().toMillis());
            // merged into Spring Boot's own catch-all setting (its dead-letter and expiry addresses), not replacing it
            configuration.getAddressSettings().computeIfAbsent("#", match -> new AddressSettings())
                    .setMaxSizeBytes(memory.toBytes())
                    .setPageSizeBytes(PAGE_SIZE_BYTES)
                    .setPrefetchPageBytes(PAGE_SIZE_BYTES)
                    .setMaxReadPageBytes(2 * PAGE_SIZE_BYTES);
        };
    }

    /**
     * The id cache and both in-memory addresses live in the heap; too small a heap for them fails only under load, long
     * after the start, so it is checked at the start against the heap this JVM has.
     */
    static void requireHeapFor(long maxHeapBytes, int duplicateIds, DataSize brokerMemory) {
        long needed = HEAP_FOR_THE_BRIDGE + duplicateIds * BYTES_PER_ID
                + (long) (ADDRESSES_IN_MEMORY * brokerMemory.toBytes() * HEAP_PER_BROKER_BYTE);
        if (needed > maxHeapBytes) {
            // named by their variables, as the other settings' messages are; and the way to a larger heap in Docker too
            throw new IllegalArgumentException("BRIDGE_CALLBACK_DUPLICATE_IDS " + duplicateIds + " and BRIDGE_STORAGE_MEMORY "
                    + StorageGuard.readableSize(brokerMemory.toBytes()) + " need a heap of about " + (needed >> 20) + " MB ("
                    + (HEAP_FOR_THE_BRIDGE >> 20) + " MB for the bridge, about " + BYTES_PER_ID + " bytes per id and "
                    + HEAP_PER_BROKER_BYTE + " times the broker's memory for waiting and for parked events), and this JVM has " + (maxHeapBytes >> 20)
                    + " MB: raise -Xmx and -Xms to at least " + ((needed >> 20) + 8) + "m (JAVA_OPTS=\"-Xms" + ((needed >> 20) + 8)
                    + "m -Xmx" + ((needed >> 20) + 8) + "m\" for ./run.sh and the Docker image, or jvm.options), or lower "
                    + "BRIDGE_CALLBACK_DUPLICATE_IDS or BRIDGE_STORAGE_MEMORY");
        }
    }
}
