package cz.bridge.storage;

import java.nio.file.Path;
import java.util.Locale;

import org.apache.activemq.artemis.core.paging.PagingManager;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.util.unit.DataSize;

/**
 * Asks, before a callback's events are stored, whether they can be. Artemis answers a full disk by
 * blocking producers until space is free, which would hold Daktela's request open with no answer;
 * the callback is answered 503 at once instead. The free space is read here for each callback, and the
 * broker blocks only below half of it (BridgeConfiguration): on the broker's own flag, read every second,
 * a callback that passed just before the disk crossed the line waited with no answer until space was freed.
 * The disk read is the journal's, where the events are written, not BRIDGE_DATA_DIR's: a disk of its own mounted
 * at BRIDGE_DATA_DIR/artemis was otherwise left to the broker's block (DiskFullIT).
 * With an external broker (ARTEMIS_URL) that broker's own limits apply and this check passes.
 */
public record StorageGuard(EmbeddedActiveMQ broker, Path journalDir, DataSize minFree) implements Processor {

    /** @param broker the embedded broker, or null when the bridge uses an external one */
    public StorageGuard {
        journalDir = journalDir.toAbsolutePath().normalize();
    }

    /** The route's step: a plain processor, as it runs for every callback (no bean method lookup). */
    @Override
    public void process(Exchange exchange) {
        requireRoom();
    }

    /** Throws {@link StorageUnavailable} saying why when events cannot be stored now. */
    public void requireRoom() {
        StorageUnavailable problem = check();
        if (problem != null) {
            throw problem;
        }
    }

    /** Null while events can be stored; else why not and what to do (for the log and health). */
    public String problem() {
        StorageUnavailable problem = check();
        return problem == null ? null : problem.getMessage();
    }

    /**
     * Why events cannot be stored now, or null. The callback port faces the internet: its 503 says what happens without
     * the journal's path and the disk's free bytes, which the log and the management port show the operator.
     */
    private StorageUnavailable check() {
        if (broker == null) {
            return null;
        }
        ActiveMQServer server = broker.getActiveMQServer();
        if (server == null || !server.isActive()) {
            return new StorageUnavailable("the embedded broker is not running (its journal " + journalDir
                    + " could not be written or opened); the bridge starts it again by itself once the directory is writable",
                    "the bridge's store is not running; it is started again by itself");
        }
        PagingManager paging = server.getPagingManager();
        // one statvfs call, a few microseconds (java.io.File's, not Files.getFileStore's search of the mounts)
        long usable = journalDir.toFile().getUsableSpace();
        if (usable < minFree.toBytes() || paging != null && paging.isDiskFull()) {
            return new StorageUnavailable("less than " + readableSize(minFree.toBytes()) + " free on the disk of " + journalDir
                    + " (" + readableSize(usable) + " free); free space there"
                    + " (or lower BRIDGE_STORAGE_MIN_FREE); callbacks are taken again within seconds",
                    "the disk of the bridge's store is full; callbacks are taken again within seconds of space being freed there");
        }
        return null;
    }

    /**
     * A size for a message, in megabytes with one decimal, so that 1536KB reads 1.5 MB, not 1 MB; from 10 GB on in
     * gigabytes, and from 10 TB on in terabytes, where a count of megabytes is too long to read at a glance.
     */
    public static String readableSize(long bytes) {
        double megabytes = bytes / (1024.0 * 1024.0);
        if (megabytes >= 10 * 1024.0 * 1024.0) {
            return String.format(Locale.ROOT, "%.1f TB", megabytes / (1024.0 * 1024.0));
        }
        return megabytes >= 10 * 1024.0 ? String.format(Locale.ROOT, "%.1f GB", megabytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MB", megabytes);
    }
}
