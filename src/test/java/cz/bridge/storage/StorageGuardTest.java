package cz.bridge.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;

import org.apache.activemq.artemis.core.paging.PagingManager;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The guard reads the free space itself at each callback, not the broker's flag of its last check (every second):
 * a callback that passed just before the disk crossed the line met the broker's block and waited with no answer
 * until space was freed (a review of the store path). The broker blocks only below half the minimum.
 */
class StorageGuardTest {

    @TempDir
    Path dir;

    private EmbeddedActiveMQ brokerWhoseLastCheckFoundRoom() {
        EmbeddedActiveMQ broker = mock(EmbeddedActiveMQ.class);
        ActiveMQServer server = mock(ActiveMQServer.class);
        PagingManager paging = mock(PagingManager.class);
        when(broker.getActiveMQServer()).thenReturn(server);
        when(server.isActive()).thenReturn(true);
        when(server.getPagingManager()).thenReturn(paging);
        when(paging.isDiskFull()).thenReturn(false);
        return broker;
    }

    @Test
    void lessFreeThanTheMinimumIsRefusedBeforeTheBrokerNotices() {
        long free = dir.toFile().getUsableSpace();
        StorageGuard guard = new StorageGuard(brokerWhoseLastCheckFoundRoom(), dir, DataSize.ofBytes(free + (1L << 40)));
        assertThat(guard.problem()).startsWith("less than ").contains("free on the disk of " + dir.toAbsolutePath().normalize())
                .contains("BRIDGE_STORAGE_MIN_FREE");
    }

    @Test
    void enoughFreeIsNoProblem() {
        assertThat(new StorageGuard(brokerWhoseLastCheckFoundRoom(), dir, DataSize.ofMegabytes(1)).problem()).isNull();
        assertThat(new StorageGuard(null, dir, DataSize.ofBytes(Long.MAX_VALUE)).problem()).as("an external broker's own limits apply").isNull();
    }
}
