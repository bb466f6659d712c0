package cz.bridge.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

import cz.bridge.config.SharedNames;
import cz.bridge.logging.OneLine;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.Resource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Where the running routes differ from the route files, which Camel's reload does not report (readiness would say
 * UP, and a restart run other routes than before): a route renamed or removed in its file still running, a
 * *.camel.yaml copy running in place of the bridge's file, an edit Camel never heard of (docs/operating.md,
 * "Changing configuration while the bridge runs").
 */
final class RouteFiles {

    /** How long a file may differ from what its routes were made from before that counts: its reload under way. */
    private static final long RELOAD_NANOS = 10_000_000_000L;

    /** A file that cannot be read as route definitions: its routes run from an earlier version of it. */
    private static final Set<String> UNREADABLE = Collections.unmodifiableSet(new HashSet<>());

    /** A file's content digest and the route ids read from that content. */
    private record Read(long digest, Set<String> ids) {
    }

    /** A route as first seen (a reload makes a new one), and the digest of its file then. */
    private record Seen(Route route, long digest) {
    }

    private final Map<Path, Read> reads = new ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<Path, Long> differentSince = new ConcurrentHashMap<>();

    /** One line per route (or file) that runs otherwise than its file says; none when they agree. */
    List<String> differences(CamelContext camel) {
        List<String> found = new ArrayList<>();
        Set<String> unreadable = new TreeSet<>();
        Set<String> notReloaded = new TreeSet<>();
        Set<Path> differing = new HashSet<>();
        // each file read once a check, however many of its routes run
        Map<Path, Read> readNow = new HashMap<>();
        long now = System.nanoTime();
        for (Route route : camel.getRoutes()) {
            String id = route.getRouteId();
            Path file = file(route.getSourceResource());
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            // a route that does not run (a failed reload's, or one removed a moment ago) is RoutesHealth's to report
            if (file == null || status == null || !status.isStarted()) {
                continue;
            }
            String expected = SharedNames.REQUIRED_ROUTES.get(id);
            if (expected != null && !expected.equals(String.valueOf(file.getFileName()))) {
                found.add(id + " runs from " + file.getFileName() + ", not " + expected + " (a copy named *.camel.yaml?)");
                continue;
            }
            Read read = readNow.computeIfAbsent(file, this::read);
            if (read == null) {
                found.add(id + " runs from " + file.getFileName() + ", which is gone");
                continue;
            }
            if (read.ids() == UNREADABLE) {
                unreadable.add(String.valueOf(file.getFileName()));
                continue;
            }
            // an id of Camel's making (a route without one, the REST DSL's, a template's) is in no file to compare with
            if (route.isCustomId() && !route.isCreatedByRestDsl() && !route.isCreatedByRouteTemplate() && !route.isCreatedByKamelet()
                    && !read.ids().contains(id)) {
                found.add(id + " is no longer in " + file.getFileName() + " (renamed or removed: Camel keeps it running)");
                continue;
            }
            Seen first = seen.compute(id, (key, was) -> was != null && was.route() == route ? was : new Seen(route, read.digest()));
            if (first.digest() != read.digest()) {
                differing.add(file);
                if (now - differentSince.computeIfAbsent(file, f -> now) > RELOAD_NANOS) {
                    notReloaded.add(String.valueOf(file.getFileName()));
                }
            }
        }
        differentSince.keySet().retainAll(differing);
        seen.keySet().retainAll(camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet()));
        unreadable.forEach(file -> found.add(file + " is not valid route YAML: its routes run from an earlier version of it, "
                + "and a restart would fail on it: fix it"));
        notReloaded.forEach(file -> found.add(file + " changed on disk and was not reloaded (Camel learns of an edit from the file "
                + "system's events: a Kubernetes ConfigMap's update, a network volume or a folder replaced whole give none)"));
        return found.stream().sorted().map(line -> OneLine.of(line, 300)).toList();
    }

    private static Path file(Resource resource) {
        if (resource == null || resource.getLocation() == null || !resource.getLocation().startsWith("file:")) {
            return null;
        }
        return Path.of(resource.getLocation().substring("file:".length())).toAbsolutePath().normalize();
    }

    /**
     * The file as it is now, its routes parsed again only when its content changed. Null when it is gone. Read whole at
     * each check, not trusted by time and size: an edit that kept both (touch -r, cp -p, two saves in one tick of a
     * network file system's clock) was never seen, the one change this check is for Camel not hearing.
     */
    private Read read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException gone) {
            reads.remove(file);
            return null;
        }
        CRC32C digest = new CRC32C();
        digest.update(content);
        return reads.compute(file, (f, before) -> before != null && before.digest() == digest.getValue() ? before
                : new Read(digest.getValue(), declared(content)));
    }

    /** The ids under "- route: id:" (the bridge's files' form), or {@link #UNREADABLE}. */
    private static Set<String> declared(byte[] content) {
        try {
            Object top = new Yaml(new LoaderOptions()).load(new String(content, java.nio.charset.StandardCharsets.UTF_8));
            if (!(top instanceof List<?> items)) {
                return UNREADABLE;
            }
            return items.stream().filter(item -> item instanceof Map<?, ?>).map(item -> ((Map<?, ?>) item).get("route"))
                    .filter(route -> route instanceof Map<?, ?>).map(route -> ((Map<?, ?>) route).get("id"))
                    .filter(Objects::nonNull).map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        } catch (RuntimeException unreadable) {
            return UNREADABLE;
        }
    }
}
