package cz.bridge.monitoring;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import cz.bridge.logging.OneLine;
import org.apache.camel.Route;
import org.apache.camel.spi.ResourceReloadStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.NestedExceptionUtils;

/**
 * DEGRADED while a route the bridge started with is missing or stopped (a failed reload, such as a renamed route
 * that cannot take the endpoint the old one keeps; on-demand routes not counted), while the last edit of a route file
 * was not taken (Camel keeps the error until a reload succeeds, and the next start would fail on it), while the
 * running routes are not the files' (RouteFiles), or while deliveries fail inside the bridge (the breaker, which such
 * a failure does not pass, stays closed). The events wait meanwhile (docs/operating.md, "Changing configuration while
 * the bridge runs").
 */
public class RoutesHealth implements HealthIndicator, CamelContextConfiguration {

    private final DeliveryRecorder recorder;
    private final RouteFiles routeFiles = new RouteFiles();
    private volatile CamelContext camel;
    private volatile Set<String> atStart = Set.of();

    public RoutesHealth(DeliveryRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
    }

    /** Camel has started: these are the routes to keep running. */
    @Override
    public void afterApplicationStart(CamelContext camel) {
        this.atStart = camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toUnmodifiableSet());
        this.camel = camel;
    }

    @Override
    public Health health() {
        CamelContext context = camel;
        if (context == null) {
            return Health.unknown().build();
        }
        List<String> notRunning = atStart.stream().map(id -> notRunning(context, id)).filter(Objects::nonNull).sorted().toList();
        if (!notRunning.isEmpty()) {
            return Health.status(AristotelosHealth.DEGRADED)
                    .withDetail("problem", "not running: " + String.join(", ", notRunning) + "; a reload of an edited route file "
                            + "failed (the log's 'Error reloading routes' says why): fix the file; the events wait in the queue")
                    .build();
        }
        DeliveryRecorder.Refusal own = recorder.lastOwnFailure();
        if (own != null) {
            return Health.status(AristotelosHealth.DEGRADED).withDetail("problem", "deliveries fail inside the bridge, nothing "
                    + "reaches AristoTelos (last at " + own.at() + "): " + own.meaning() + "; fix the route file as the log's "
                    + "'Delivery for user=... failed' says; the events wait in the queue").build();
        }
        ResourceReloadStrategy reload = context.hasService(ResourceReloadStrategy.class);
        Exception refused = reload == null ? null : reload.getLastError();
        if (refused != null) {
            return Health.status(AristotelosHealth.DEGRADED)
                    .withDetail("problem", "the last edit of a route file was not taken: " + OneLine.of(OneLine.joined(refused.getMessage()), 300)
                            + (refused.getCause() == null ? "" : ": " + OneLine.of(OneLine.joined(NestedExceptionUtils.getMostSpecificCause(refused).getMessage()), 500))
                            + "; the routes before it run on, but a restart would fail on the file: fix it")
                    .build();
        }
        // after the failed edit: its file is newer than its routes too, which that message explains better
        List<String> differences = routeFiles.differences(context);
        return differences.isEmpty() ? Health.up().build() : Health.status(AristotelosHealth.DEGRADED)
                .withDetail("problem", "the running routes are not those of the route files: " + String.join("; ", differences)
                        + "; remove a copy of a route file from the folder (a copy's name must not end in .camel.yaml), "
                        + "then restart the bridge to run the files as they are")
                .build();
    }

    /** "id (gone)", "id (Stopped)", or null for a route that runs or starts only on demand. */
    private static String notRunning(CamelContext context, String id) {
        Route route = context.getRoute(id);
        if (route == null) {
            return id + " (gone)";
        }
        // none for a route removed since it was looked up (a reload under way)
        var status = context.getRouteController().getRouteStatus(id);
        return route.isAutoStartup() && (status == null || !status.isStarted()) ? id + " (" + (status == null ? "gone" : status) + ")" : null;
    }
}
