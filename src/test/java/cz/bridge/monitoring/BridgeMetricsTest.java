package cz.bridge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class BridgeMetricsTest {

    /** An alert on "unmapped pauses rose" needs the series before the first one, or it never sees the first rise. */
    @Test
    void theCountsOfUnmappedPausesAndUnknownEmployeesExistAtZeroFromTheStart() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BridgeMetrics metrics = new BridgeMetrics(registry);
        assertThat(registry.find("bridge.unmapped.pauses").counter()).extracting(Counter::count).isEqualTo(0.0);
        assertThat(registry.find("bridge.unknown.employees").counter()).extracting(Counter::count).isEqualTo(0.0);
        metrics.unmappedPause();
        metrics.unknownEmployee();
        metrics.unknownEmployee();
        assertThat(registry.get("bridge.unmapped.pauses").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("bridge.unknown.employees").counter().count()).isEqualTo(2.0);
    }
}
