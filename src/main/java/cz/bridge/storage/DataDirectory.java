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
