package cz.bridge.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class BrokerTuningTest {

    /** Raised without a larger heap, the id cache or the broker's memory filled the heap under load, long after the start. */
    @Test
    void theDuplicateIdCacheAndTheBrokersMemoryMustFitTheHeap() {
        long mb = 1L << 20;
        DataSize eight = DataSize.ofMegabytes(8);
        // jvm.options: -Xmx232m with a 40 MB young generation, of which the JVM counts all but one survivor space;
        // the defaults: 200,000 ids (bridge.callback.duplicate-ids), 8MB (bridge.storage.memory) for waiting and for parked events
        BrokerTuning.requireHeapFor(228 * mb, 200_000, eight);
        assertThatThrownBy(() -> BrokerTuning.requireHeapFor(219 * mb, 200_000, eight)).as("the heap before parked events had their own limit")
                .hasMessageContaining("need a heap of about 226 MB");
        assertThatThrownBy(() -> BrokerTuning.requireHeapFor(128 * mb, 200_000, eight))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BRIDGE_CALLBACK_DUPLICATE_IDS 200000 and BRIDGE_STORAGE_MEMORY 8.0 MB need a heap of about 226 MB")
                .hasMessageContaining("this JVM has 128 MB: raise -Xmx and -Xms to at least 234m (JAVA_OPTS=\"-Xms234m -Xmx234m\" for "
                        + "./run.sh and the Docker image, or jvm.options)");
        assertThatThrownBy(() -> BrokerTuning.requireHeapFor(228 * mb, 1_000_000, eight))
                .hasMessageContaining("need a heap of about 398 MB");
        // 160 MB for the bridge, 43 MB of ids, 1.5 times 96 MB of waiting events and as much of parked ones
        assertThatThrownBy(() -> BrokerTuning.requireHeapFor(228 * mb, 200_000, DataSize.ofMegabytes(96)))
                .hasMessageContaining("BRIDGE_STORAGE_MEMORY 96.0 MB need a heap of about 490 MB")
                .hasMessageContaining("to at least 498m (JAVA_OPTS=\"-Xms498m -Xmx498m\"").hasMessageEndingWith(
                        "or lower BRIDGE_CALLBACK_DUPLICATE_IDS or BRIDGE_STORAGE_MEMORY");
        BrokerTuning.requireHeapFor(490 * mb + mb, 200_000, DataSize.ofMegabytes(96));
        // a size that is not whole megabytes is not shown rounded down (1536KB was "1MB")
        assertThatThrownBy(() -> BrokerTuning.requireHeapFor(128 * mb, 200_000, DataSize.ofKilobytes(1536)))
                .hasMessageContaining("BRIDGE_STORAGE_MEMORY 1.5 MB need a heap of about");
    }
}
