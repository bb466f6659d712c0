package cz.bridge.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory that cannot be made is refused naming BRIDGE_DATA_DIR (as root, a plain file in the way stands for no rights). */
class DataDirectoryTest {

    @TempDir
    Path dir;

    /** BRIDGE_STORAGE_MIN_FREE=100TB started without a word and then answered every callback 503. */
    @Test
    void aMinimumFreeSpaceAboveTheDisksFreeSpaceIsSaidAtStart() {
        long mb = 1024 * 1024;
        assertThat(DataDirectory.minFreeAboveFree(dir, 100 * mb, 50 * mb)).isEqualTo("the disk of " + dir.toAbsolutePath().normalize()
                + " has 50.0 MB free, less than BRIDGE_STORAGE_MIN_FREE (100.0 MB): every callback is answered 503 until space "
                + "is freed there or BRIDGE_STORAGE_MIN_FREE is lowered");
        assertThat(DataDirectory.minFreeAboveFree(dir, 100 * mb, 100 * mb)).isNull();
    }

    /** "less than 104857600.0 MB" had to be counted to be read (the re-read of 2026-12-06). */
    @Test
    void largeSizesAreSaidInGigabytesAndTerabytes() {
        long mb = 1024 * 1024;
        assertThat(DataDirectory.minFreeAboveFree(dir, 100 * 1024 * 1024 * mb, 20 * 1024 * mb))
                .contains(" has 20.0 GB free, less than BRIDGE_STORAGE_MIN_FREE (100.0 TB)");
        assertThat(StorageGuard.readableSize(10 * 1024 * mb - 1)).isEqualTo("10240.0 MB");
        assertThat(StorageGuard.readableSize(1536 * 1024)).isEqualTo("1.5 MB");
    }

    @Test
    void missingDirectoryIsCreatedAndLeftEmpty() throws Exception {
        Path data = dir.resolve("data");
        DataDirectory.requireWritable(data, List.of(data.resolve("artemis/journal")));
        try (var files = Files.list(data)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void directoryThatCannotBeWrittenIsRefusedNamingTheSetting() throws Exception {
        Path file = Files.createFile(dir.resolve("a-file"));
        assertThatThrownBy(() -> DataDirectory.requireWritable(file.resolve("data"), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot write in the data directory " + file.resolve("data"))
                .hasMessageContaining("make BRIDGE_DATA_DIR writable");
    }

    /**
     * A journal file another user wrote (root's, after `sudo ./run.sh`) in a folder the bridge may write: Artemis failed
     * on it with an I/O error and the start was said to have waited for the journal's lock.
     */
    @Test
    void aJournalFileTheBridgesUserCannotWriteIsNamedWithTheFix() throws Exception {
        Path data = dir.resolve("data");
        Path journal = Files.createDirectories(data.resolve("artemis/journal"));
        Path written = Files.writeString(journal.resolve("activemq-data-1.amq"), "x");
        Path paging = Files.createDirectories(data.resolve("artemis/paging"));
        UnwritableFile.make(written);
        try {
            assertThatThrownBy(() -> DataDirectory.requireWritable(data, List.of(paging, journal)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot write " + written.toAbsolutePath() + ", part of the embedded broker's journal in BRIDGE_DATA_DIR")
                    .hasMessageContaining("a journal written before by another user cannot be opened")
                    .hasMessageContaining("(chown -R " + Files.getAttribute(data, "unix:uid") + " " + data.toAbsolutePath()
                            + ", in a container the host's folder mounted there)");
        } finally {
            UnwritableFile.undo(written);
        }
        DataDirectory.requireWritable(data, List.of(paging, journal));
    }
}
