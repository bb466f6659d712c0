package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import cz.bridge.config.SettingRefused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The application itself, started with a routes folder as an older release shipped it (without
 * storage.camel.yaml and mappings.camel.yaml): it must not start, and says which files to copy.
 */
@ExtendWith(OutputCaptureExtension.class)
class RoutesFolderTest {

    @TempDir
    Path data;

    /** A routes folder of the project's top-level route files but those the name pattern leaves out (no demo/). */
    private Path routesWithout(String leftOut) throws Exception {
        Path routes = Files.createDirectories(data.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path route : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                if (!route.getFileName().toString().matches(leftOut)) {
                    Files.copy(route, routes.resolve(route.getFileName()));
                }
            }
        }
        return routes;
    }

    private void start(Path routes, String... more) throws Exception {
        Files.copy(Path.of("mappings.yaml"), data.resolve("mappings.yaml"));
        List<String> args = new ArrayList<>(List.of("--bridge.data-dir=" + data, "--bridge.mappings-file=" + data.resolve("mappings.yaml"),
                "--bridge.routes-dir=" + routes, "--server.port=0", "--management.server.port=0"));
        args.addAll(List.of(more));
        new SpringApplicationBuilder(BridgeApplication.class).run(args.toArray(String[]::new)).close();
    }

    @Test
    void aRoutesFolderWithoutTheBridgesRouteFilesStopsTheStartNamingThem(CapturedOutput output) throws Exception {
        Path routes = routesWithout("(mappings|storage)\\.camel\\.yaml");
        assertThatThrownBy(() -> start(routes, "--bridge.simulator.enabled=false", "--bridge.daktela-simulator.enabled=false"))
                .rootCause()
                .isInstanceOf(SettingRefused.class)
                .hasMessageContaining("the routes folder " + routes + " (BRIDGE_ROUTES_DIR) lacks "
                        + "mappings.camel.yaml (route watch-mappings), storage.camel.yaml (route restart-stopped-broker)")
                .hasMessageContaining("copy them from this release's routes folder");
        // said in the bridge's one line, without Spring's stack trace or Camel's advice about its run controller
        assertThat(output.getOut()).contains("Cannot start: the routes folder " + routes + " (BRIDGE_ROUTES_DIR) lacks "
                + "mappings.camel.yaml (route watch-mappings), storage.camel.yaml (route restart-stopped-broker) Fix: copy them")
                .doesNotContain("Application run failed").doesNotContain("run-controller");
    }

    /** In demo mode the simulators are route files too: a routes folder copied without demo/ is named, not a stack trace. */
    @Test
    void aRoutesFolderWithoutTheDemoFolderStopsTheDemoNamingIt(CapturedOutput output) throws Exception {
        Path routes = routesWithout(""); // every file, and no demo/
        assertThatThrownBy(() -> start(routes))
                .isInstanceOf(SettingRefused.class)
                .hasMessageContaining("(BRIDGE_ROUTES_DIR) lacks demo/aristotelos-simulator.camel.yaml, the demo's simulator")
                .hasMessageContaining("copy the folder demo from this release's routes folder, or set ARISTOTELOS_URL");
        assertThat(output.getOut()).contains("Cannot start: the routes folder " + routes.toAbsolutePath().normalize())
                .doesNotContain("Application run failed");
    }
}
