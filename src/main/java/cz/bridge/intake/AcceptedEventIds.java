package cz.bridge.intake;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ids of accepted events, kept for a retention time so that a resend is answered
 * "duplicate" also after a restart. {@link #add} reserves an id in memory; {@link #confirm}
 * appends it to a log file once the event is stored; {@link #remove} frees a reservation
 * whose event could not be stored. Expired ids are forgotten every 1000 confirmations, and
 * the log is rewritten without them once it has grown to twice the live ids.
 */
public class AcceptedEventIds extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptedEventIds.class);

    private final Path file;
    private final Duration retention;
    private final Clock clock;
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private BufferedWriter log;
    private long linesInLog;

    public AcceptedEventIds(Path file, Duration retention, Clock clock) {
        this.file = file;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    protected synchronized void doStart() throws IOException {
        Files.createDirectories(file.getParent());
        long oldest = clock.millis() - retention.toMillis();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    try {
                        long at = Long.parseLong(line.substring(0, space));
                        if (at >= oldest) {
                            acceptedAt.put(line.substring(space + 1), at);
                        }
                    } catch (NumberFormatException torn) {
                        LOG.warn("Skipping a damaged line in {} (a crash while writing it)", file);
                    }
                }
            }
            LOG.info("Remembering {} accepted event ids from {} (retention {})", acceptedAt.size(), file, retention);
        }
        try {
            rewrite();
        } catch (IOException e) {
            // the first write of the bridge's life: the place to say what is wrong with the directory
            throw new IllegalStateException("cannot write in the data directory " + file.getParent().toAbsolutePath()
                    + " (" + e + "): make BRIDGE_DATA_DIR writable by the bridge's user and give it free space,"
                    + " or point BRIDGE_DATA_DIR elsewhere", e);
        }
    }

    @Override
    protected synchronized void doStop() throws IOException {
        if (log != null) {
            log.close();
            log = null;
        }
    }

    @Override
    public boolean add(String key) {
        return acceptedAt.putIfAbsent(key, clock.millis()) == null;
    }

    @Override
    public boolean contains(String key) {
        return acceptedAt.containsKey(key);
    }

    @Override
    public boolean remove(String key) {
        return acceptedAt.remove(key) != null;
    }

    @Override
    public synchronized boolean confirm(String key) {
        Long at = acceptedAt.get(key);
        if (at == null) {
            return false;
        }
        try {
            log.write(at + " " + key + "\n");
            log.flush();
            linesInLog++;
            // every 1000 ids: forget the expired ones, and rewrite the log once it is mostly expired
            if (linesInLog % 1000 == 0) {
                expire();
                if (linesInLog > 2L * acceptedAt.size()) {
                    rewrite();
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record accepted event id in " + file, e);
        }
    }

    @Override
    public void clear() {
        acceptedAt.clear();
    }

    /** Forgets ids older than the retention; the log follows at its next rewrite. */
    public void expire() {
        long oldest = clock.millis() - retention.toMillis();
        acceptedAt.values().removeIf(at -> at < oldest);
    }

    public int size() {
        return acceptedAt.size();
    }

    /** Writes the live ids to a new file first: on a full disk the old log stays open and complete. */
    private void rewrite() throws IOException {
        expire();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Long> e : acceptedAt.entrySet()) {
                out.write(e.getValue() + " " + e.getKey() + "\n");
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (log != null) {
            log.close();
        }
        linesInLog = acceptedAt.size();
        log = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
