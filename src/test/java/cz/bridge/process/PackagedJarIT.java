package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import cz.bridge.simulator.AristotelosSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;
import org.springframework.test.util.TestSocketUtils;

/**
 * What the one flat jar (the shade plugin, pom.xml) must keep of the libraries it merges, checked on the
 * packaged jar itself: the versions operators see (in one jar every package without a manifest section of its
 * own reports the project's version), and the lists several libraries contribute to.
 */
class PackagedJarIT {

    @TempDir
    Path work;

    private AristotelosSimulator aristotelos;
    private BridgeProcess bridge;

    @BeforeEach
    void start() throws Exception {
        aristotelos = new AristotelosSimulator(TestSocketUtils.findAvailableTcpPort(), "it-client", "it-client-secret",
                Duration.ofHours(1), List.of("*"), Clock.systemUTC());
        aristotelos.logStates(false);
        // the start line with the libraries' versions is at DEBUG (a variable cannot name the logger: it is lower-cased)
        bridge = new BridgeProcess(work.resolve("data"), aristotelos.baseUrl(), Map.of("SPRING_PROFILES_ACTIVE", "hawtio"))
                .jvmOptions("@" + Path.of("jvm.options").toAbsolutePath(), "-Dlogging.level.cz.bridge.BridgeApplication=DEBUG")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (aristotelos != null) {
            aristotelos.close();
        }
    }

    @Test
    void theLibrariesKeepTheirOwnVersionsAndTheirMergedLists() {
        HttpResponse<String> prometheus = bridge.management("/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        // Camel's app_info takes Spring Boot's version from its package: the project's 1.0.0-SNAPSHOT without a section
        assertThat(prometheus.body()).contains("camel_runtime_version=\"" + SpringBootVersion.getVersion() + "\"");

        // Hawtio's About (its console shows it) reads the version of its package
        HttpResponse<String> about = bridge.management("/actuator/jolokia",
                "{\"type\":\"read\",\"mbean\":\"hawtio:type=About\",\"attribute\":\"HawtioVersion\"}");
        assertThat(about.statusCode()).isEqualTo(200);
        assertThat(about.body()).as(about.body()).contains("\"value\":\"4.2.0\"");

        // Jolokia's services come from six jars' META-INF/jolokia/services-default: reading an MBean needs them
        HttpResponse<String> memory = bridge.management("/actuator/jolokia",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}");
        assertThat(memory.body()).as(memory.body()).contains("\"status\":200").contains("\"used\":");

        // Spring Boot's start lines name the bridge's, Spring Boot's and Spring's versions, each from its package
        assertThat(bridge.log()).content()
                .contains("Starting BridgeApplication v1.0.0-SNAPSHOT using Java")
                .contains("Running with Spring Boot v" + SpringBootVersion.getVersion() + ", Spring v" + SpringVersion.getVersion())
                .contains("Welcome to Hawtio 4.2.0");
        // Logback compares the versions of its two packages at start; told they differ, it prints its whole
        // status (some 20 lines of its own configuration) ahead of the bridge's first line
        assertThat(bridge.log()).content().doesNotContain("|-WARN in ch.qos.logback").doesNotContain("|-INFO in ch.qos.logback");
        // the broker's disk check is the minimum free space alone: no line saying it overrides a usage percentage
        assertThat(bridge.log()).content().contains("AMQ221007: Server is now active").doesNotContain("AMQ224130");
    }

    /** The start's sixty lines did not say where Daktela sends callbacks, where they go or where to look: one line does. */
    @Test
    void theStartEndsInOneLineSayingWhereCallbacksGoAndWhereToLook() {
        assertThat(bridge.log()).content().containsOnlyOnce("Ready: callbacks to POST http://<this host>:" + bridge.port()
                + "/daktela/agent-state; delivering to AristoTelos at " + aristotelos.baseUrl()
                + "; 0 events stored waiting for delivery, 0 parked; status page http://127.0.0.1:" + bridge.managementPort()
                + "/actuator/status");
    }
}
