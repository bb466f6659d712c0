package cz.bridge.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mappings.yaml as it is in force. Read at start (a bad file stops the start with the
 * problems listed); then watched: an edit that reads and validates replaces the mappings
 * between two events, one that does not is refused and the last good mappings stay.
 */
public class MappingsFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MappingsFile.class);

    private final Path file;
    private final MappingsReader reader = new MappingsReader();
    private volatile Mappings current;
    private volatile String lastProblem;
    private FileTime loadedStamp;
    private long loadedSize;
    private ScheduledExecutorService watcher;

    public MappingsFile(Path file) {
        this.file = file;
        if (!Files.isRegularFile(file)) {
            throw new MappingsInvalid(file.toAbsolutePath().toString(),
                    java.util.List.of("the file does not exist: copy the default mappings.yaml there or set MAPPINGS_FILE"));
        }
        reload();
        if (current == null) {
            throw new MappingsInvalid(file.toAbsolutePath().toString(), java.util.List.of(lastProblem));
        }
    }

    public Mappings current() {
        return current;
    }

    /** Why the last edit was refused, or null while the file in force is the file on disk. */
    public String lastProblem() {
        return lastProblem;
    }

    public Path file() {
        return file;
    }

    public void watch(long periodMillis) {
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mappings-watcher");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void reloadIfChanged() {
        try {
            FileTime stamp = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (!Objects.equals(stamp, loadedStamp) || size != loadedSize) {
                reload();
            }
        } catch (IOException e) {
            refuse("cannot read " + file + ": " + e);
        } catch (RuntimeException e) {
            LOG.error("Checking {} for changes failed", file, e);
        }
    }

    public synchronized void reload() {
        try {
            FileTime stamp = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Mappings read = reader.read(file);
            boolean first = current == null;
            current = read;
            loadedStamp = stamp;
            loadedSize = size;
            lastProblem = null;
            LOG.info("{} mappings from {}: {} external states, {} employee states", first ? "Loaded" : "Reloaded",
                    file, read.externalStates().size(), read.employeeStates().size());
        } catch (MappingsInvalid e) {
            refuse(e.getMessage());
        } catch (IOException e) {
            refuse("cannot read " + file + ": " + e);
        }
    }

    private void refuse(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.error("Refused {}; {}", problem, current == null ? "no mappings are in force"
                    : "the last good mappings stay in force until the file is fixed");
        }
        lastProblem = problem;
        try {
            loadedStamp = Files.getLastModifiedTime(file);
            loadedSize = Files.size(file);
        } catch (IOException ignored) {
            // the next check tries again
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
