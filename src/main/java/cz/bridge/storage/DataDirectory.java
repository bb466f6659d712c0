package cz.bridge.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data directory, checked once before the embedded broker opens its journal there. Artemis's
 * own failure names a lock file ("AMQ222141: Node Manager can not open file …/server.lock",
 * "No such file or directory"), not the setting to change; this names BRIDGE_DATA_DIR.
 */
public final class DataDirectory {

    private DataDirectory() {
    }

    /**
     * What to say at start when the disk of the data directory has less free space than the bridge
     * keeps free (BRIDGE_STORAGE_MIN_FREE): every callback would be answered 503 from the first; null
     * when there is room.
     */
    public static String minFreeAboveFree(Path dataDir, long minFree, long usable) {
        if (usable >= minFree) {
            return null;
        }
        return "the disk of " + dataDir.toAbsolutePath().normalize() + " has " + StorageGuard.readableSize(usable) + " free, less than "
                + "BRIDGE_STORAGE_MIN_FREE (" + StorageGuard.readableSize(minFree) + "): every callback is answered 503 until space "
                + "is freed there or BRIDGE_STORAGE_MIN_FREE is lowered";
    }

    /** Creates the directory if missing and writes a file in it; throws saying what to fix when it cannot. */
    public static void requireWritable(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Files.delete(Files.createTempFile(dataDir, "write-check", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot write in the data directory " + dataDir.toAbsolutePath()
                    + " (" + e + "): make BRIDGE_DATA_DIR writable by the bridge's user and give it free space,"
                    + " or point BRIDGE_DATA_DIR elsewhere", e);
        }
    }
}
