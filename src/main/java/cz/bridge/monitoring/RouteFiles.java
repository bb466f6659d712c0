package cz.bridge.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import cz.bridge.config.SharedNames;
import cz.bridge.logging.OneLine;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Where the running routes and the route files differ, which Camel's reload leaves without a word: a route whose id was
 * renamed or that was removed from its file keeps running beside the file's new routes (a second consumer of the
 * events' queue, under the old retry policy), and a copy of a file named *.camel.yaml (an editor's, a backup) is loaded
 * when it is written, its routes taking the place of the bridge's, and running on after it is deleted. A review of
 * the bridge's lifecycle found both; readiness said UP, and a restart ran other routes than before.
 */
final class RouteFiles {

    /** A file's route ids as last read, and the stamp they were read at. */
    private record Read(long modified, long size, Set<String> ids) {
    }

    private final Map<Path, Read> reads = new ConcurrentHashMap<>();

    /** A file that cannot be read as route definitions: its errors are the reload's to report (RoutesHealth). */
    private static final Set<String> UNREADABLE = java.util.Collections.unmodifiableSet(new java.util.HashSet<>());

    /** One line per route that runs otherwise than its file says; none when they agree. */
    List<String> differences(CamelContext camel) {
        List<String> found = new ArrayList<>();
        Set<String> missed = new java.util.TreeSet<>();
        for (Route route : camel.getRoutes()) {
            Path file = file(route.getSourceResource());
            // a route that does not run (a failed reload's) is RoutesHealth's "not running" to report
            if (file == null || !camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                continue;
            }
            String expected = SharedNames.REQUIRED_ROUTES.get(route.getRouteId());
            if (expected != null && !expected.equals(String.valueOf(file.getFileName()))) {
                found.add(route.getRouteId() + " runs from " + file.getFileName() + ", not " + expected + " (a copy named *.camel.yaml?)");
                continue;
            }
            Set<String> ids = ids(file);
            if (ids == null) {
                found.add(route.getRouteId() + " runs from " + file.getFileName() + ", which is gone");
            } else if (ids != UNREADABLE && !ids.contains(route.getRouteId())) {
                found.add(route.getRouteId() + " is no longer in " + file.getFileName() + " (renamed or removed: Camel keeps it running)");
            } else if (changedSinceStarted(file, route)) {
                missed.add(String.valueOf(file.getFileName()));
            }
        }
        missed.forEach(file -> found.add(file + " changed on disk after its routes started and was not reloaded (Camel learns of an "
                + "edit from the file system's events: a Kubernetes ConfigMap's update, a network volume or a folder replaced "
                + "whole give none)"));
        return found.stream().sorted().map(line -> OneLine.of(line, 300)).toList();
    }

    /**
     * The file was written more than {@link #RELOAD_TIME} after the route started, and not since in the future (a copy
     * that kept another clock's time would otherwise be said missed for ever, a restart included).
     */
    private static boolean changedSinceStarted(Path file, Route route) {
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            long now = System.currentTimeMillis();
            return modified <= now && modified > now - route.getUptimeMillis() + RELOAD_TIME;
        } catch (IOException gone) {
            return false;
        }
    }

    /** How long Camel's reload may take after a file is written: the watcher's poll, then the file's routes one by one. */
    private static final long RELOAD_TIME = 10_000;

    private static Path file(Resource resource) {
        if (resource == null || resource.getLocation() == null || !resource.getLocation().startsWith("file:")) {
            return null;
        }
        return Path.of(resource.getLocation().substring("file:".length())).toAbsolutePath().normalize();
    }

    /** The ids of the routes the file declares now; read again only when it changed. Null when it is gone. */
    private Set<String> ids(Path file) {
        BasicFileAttributes stamp;
        try {
            stamp = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException gone) {
            reads.remove(file);
            return null;
        }
        Read read = reads.get(file);
        if (read == null || read.modified() != stamp.lastModifiedTime().toMillis() || read.size() != stamp.size()) {
            read = new Read(stamp.lastModifiedTime().toMillis(), stamp.size(), declared(file));
            reads.put(file, read);
        }
        return read.ids();
    }

    /** The ids under "- route: id:" (the bridge's files' form), or {@link #UNREADABLE}. */
    private static Set<String> declared(Path file) {
        try {
            Object top = new Yaml(new LoaderOptions()).load(Files.readString(file));
            if (!(top instanceof List<?> items)) {
                return UNREADABLE;
            }
            return items.stream().filter(item -> item instanceof Map<?, ?>).map(item -> ((Map<?, ?>) item).get("route"))
                    .filter(route -> route instanceof Map<?, ?>).map(route -> ((Map<?, ?>) route).get("id"))
                    .filter(Objects::nonNull).map(String::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet());
        } catch (IOException | RuntimeException unreadable) {
            return UNREADABLE;
        }
    }
}
