package cz.bridge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The application itself, started with a routes folder as an older release shipped it (without
 * storage.camel.yaml and mappings.camel.yaml): it must not start, and says which files to copy.
 */
class RoutesFolderTest {

    @TempDir
    Path data;

    @Test
    void aRoutesFolderWithoutTheBridgesRouteFilesStopsTheStartNamingThem() throws Exception {
        Path routes = Files.createDirectories(data.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path route : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                if (!route.getFileName().toString().matches("(mappings|storage)\\.camel\\.yaml")) {
                    Files.copy(route, routes.resolve(route.getFileName()));
                }
            }
        }
        Files.copy(Path.of("mappings.yaml"), data.resolve("mappings.yaml"));
        assertThatThrownBy(() -> new SpringApplicationBuilder(BridgeApplication.class).run(
                "--bridge.data-dir=" + data,
                "--bridge.mappings-file=" + data.resolve("mappings.yaml"),
                "--bridge.routes-dir=" + routes,
                "--server.port=0",
                "--management.server.port=0",
                "--bridge.simulator.enabled=false",
                "--bridge.daktela-simulator.enabled=false").close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the routes folder " + routes + " (BRIDGE_ROUTES_DIR) lacks "
                        + "mappings.camel.yaml (route watch-mappings), storage.camel.yaml (route restart-stopped-broker)")
                .hasMessageContaining("copy them from this release's routes folder");
    }
}
