package cz.bridge.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

import cz.bridge.logging.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mappings.yaml as it is in force. Read at start (a file with errors stops the start with the
 * errors listed); then checked for changes by routes/mappings.camel.yaml: an edit without errors
 * replaces the mappings between two events, one with errors is refused and the last good mappings
 * stay. Errors and warnings are those of {@link MappingsReader}, the rules {@code validate} applies too.
 */
public class MappingsFile {

    private static final Logger LOG = LoggerFactory.getLogger(MappingsFile.class);

    private final Path file;
    private final MappingsReader reader;
    private volatile Mappings current;
    private volatile List<Finding> refused = List.of();
    private Stamp loadedStamp;
    /** Whether the last check saw a change not read yet, and its stamp (null: the file was missing) (see {@link #reloadIfChanged}). */
    private boolean changeSeen;
    private Stamp changed;

    public MappingsFile(Path file) {
        this(file, new MappingsReader());
    }

    MappingsFile(Path file, MappingsReader reader) {
        this.file = file;
        this.reader = reader;
        reload();
        if (current == null) {
            throw new MappingsInvalid(file.toAbsolutePath().toString(), refused);
        }
    }

    public Mappings current() {
        return current;
    }

    /** The errors for which the file on disk is refused; empty while the file in force is the file on disk. */
    public List<Finding> refused() {
        return refused;
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the file again when it changed since it was last read (see {@link Stamp}) and has stayed as
     * it is since the previous check: an editor that saves in place writes the file in parts, and a part
     * cut at a line boundary can read as a whole file without errors (rows missing), which was taken.
     */
    public synchronized void reloadIfChanged() {
        try {
            Stamp stamp = stamp();
            if (Objects.equals(stamp, loadedStamp)) {
                changeSeen = false;
            } else if (!changeSeen || !Objects.equals(stamp, changed)) {
                // a missing file (null) is a change to see twice as well: a tool that deletes and writes the file anew
                // had it refused at once, and the new file read while it was being written
                changeSeen = true;
                changed = stamp;
            } else {
                changeSeen = false;
                reload();
            }
        } catch (RuntimeException e) {
            LOG.error("Checking {} for changes failed", file, e);
        }
    }

    /**
     * Reads the file; taken when it has no errors, else refused. The stamp is taken before reading, so
     * that a change while reading is read again, and kept only once the outcome is recorded, so that a
     * file whose outcome was not recorded is read again too.
     */
    public synchronized void reload() {
        Stamp stamp = stamp();
        MappingsReader.Contents read;
        try {
            read = reader.read(file);
        } catch (RuntimeException e) {
            // refused like a file with errors, so that health shows it instead of the reload failing at every tick
            LOG.error("Reading {} failed", file, e);
            read = new MappingsReader.Contents(false, List.of(), List.of(), List.of(Finding.error("file-unreadable",
                    Where.line(null), "reading the file failed: " + e.getClass().getSimpleName() + ": "
                            + OneLine.of(e.getMessage(), 300),
                    "correct the file or put the last good one back; should the file be right, report this "
                            + "with the stack trace logged above")));
        }
        List<Finding> errors = read.errors();
        if (!errors.isEmpty()) {
            if (!errors.equals(refused)) {
                LOG.error("Refused {}; {}:\n  - {}", file, current == null ? "no mappings are in force"
                                : "the last good mappings stay in force until the file is fixed; the bridge does not start with "
                                        + "this file, so fix it or put the last good one back before a restart",
                        String.join("\n  - ", errors.stream().map(Finding::text).toList()));
            }
            refused = errors;
            loadedStamp = stamp;
            return;
        }
        boolean first = current == null;
        current = read.mappings();
        refused = List.of();
        loadedStamp = stamp;
        LOG.info("{} mappings from {}: {} external states, {} employee states", first ? "Loaded" : "Reloaded",
                file, current.externalStates().size(), current.employeeStates().size());
        read.warnings().forEach(w -> LOG.warn("{}: {}", file, w.text()));
    }

    /**
     * What tells a changed file: its modification time, size, file key (inode) and, for a file of a
     * size a mappings file has, a checksum of its bytes. Time and size alone missed an edit that keeps
     * both (cp -p, rsync -t, tar x, a touch -r after the edit, a file system with coarse times).
     */
    private record Stamp(FileTime modified, long size, Object key, long checksum) {
    }

    /**
     * Above this the bytes are not read at every check (twice a second): a table is a few KB, and a file this large is
     * a mistake whose edits its time, size and inode still show.
     */
    private static final long CHECKSUMMED_SIZE = 1 << 20;

    /** The file's stamp, or null when it cannot be read. */
    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long checksum = 0;
            if (attributes.size() <= CHECKSUMMED_SIZE) {
                CRC32 crc = new CRC32();
                crc.update(Files.readAllBytes(file));
                checksum = crc.getValue();
            }
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(), checksum);
        } catch (IOException e) {
            return null;
        }
    }
}
