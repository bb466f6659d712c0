package cz.bridge.storage;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.activemq.artemis.core.config.Configuration;

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

    /**
     * Creates the directory if missing and writes a file in it, then looks for a file or folder of the broker's (its
     * journal, bindings, paging and large-message folders) that this process cannot write; throws saying what to fix.
     * Artemis fails on such a file with an I/O error, and the start was then said to have waited for the journal's lock;
     * the usual cause is a journal written before by another user (root's, after `sudo ./run.sh`, or that of an image
     * that ran as root), in a folder the bridge's user may write.
     */
    public static void requireWritable(Path dataDir, List<Path> brokerDirs) {
        String user;
        try {
            Files.createDirectories(dataDir);
            Path check = Files.createTempFile(dataDir, "write-check", ".tmp");
            user = uidOf(check);
            Files.delete(check);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot write in the data directory " + dataDir.toAbsolutePath()
                    + " (" + e + "): make BRIDGE_DATA_DIR writable by the bridge's user and give it free space,"
                    + " or point BRIDGE_DATA_DIR elsewhere", e);
        }
        for (Path dir : brokerDirs) {
            Path refused = firstUnwritable(dir);
            if (refused != null) {
                Path whole = dataDir.toAbsolutePath().normalize();
                throw new IllegalStateException("cannot write " + refused.toAbsolutePath().normalize() + ", part of the embedded broker's "
                        + "journal in BRIDGE_DATA_DIR (its owner: uid " + uidOf(refused) + "; the bridge runs as uid " + user + "): a "
                        + "journal written before by another user cannot be opened; give the bridge's user all of it (chown -R " + user
                        + " " + whole + ", in a container the host's folder mounted there), or point BRIDGE_DATA_DIR elsewhere");
            }
        }
    }

    /** The folders the embedded broker writes: its journal, bindings, paging and large messages. */
    public static List<Path> brokerDirs(Configuration broker) {
        return Stream.of(broker.getJournalLocation(), broker.getBindingsLocation(), broker.getPagingLocation(),
                broker.getLargeMessagesLocation()).map(File::toPath).toList();
    }

    private static Path firstUnwritable(Path dir) {
        if (!Files.exists(dir)) {
            return null;
        }
        // a bridge still running on this directory (its lock is taken after this) deletes pages and compacts its journal:
        // a file gone meanwhile is no file that cannot be written, and the lock's own message follows
        try (Stream<Path> paths = Files.walk(dir.toRealPath())) {
            return paths.filter(path -> !Files.isWritable(path) && Files.exists(path, LinkOption.NOFOLLOW_LINKS)).findFirst().orElse(null);
        } catch (IOException | UncheckedIOException unreadable) {
            Throwable cause = unreadable instanceof UncheckedIOException e ? e.getCause() : unreadable;
            if (cause instanceof NoSuchFileException) {
                return null;
            }
            // a folder that cannot be listed cannot be written either (its files cannot be made or renamed)
            return cause instanceof FileSystemException f && f.getFile() != null ? Path.of(f.getFile()) : dir;
        }
    }

    /** The number, as chown takes it on the host too, where the container's user has no name. */
    private static String uidOf(Path path) {
        try {
            return String.valueOf(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException unknown) {
            return "unknown";
        }
    }
}
