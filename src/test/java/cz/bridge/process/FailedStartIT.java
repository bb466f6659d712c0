package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.TestSocketUtils;

/**
 * A start that fails ends the process with status 1, so that a supervisor (Docker, systemd) restarts
 * it or reports it. A failure while Camel starts its routes (here: a route file's netty-http port is
 * taken) left threads behind that kept a process without a port alive for good.
 */
class FailedStartIT {

    @TempDir
    Path work;

    @Test
    void aStartThatFailsWhileCamelStartsEndsTheProcess() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the release's routes and one more whose port is taken: Camel fails as it binds it, after Netty's threads started
            Path routes = copyOfTheRoutes();
            Files.writeString(routes.resolve("taken-port.camel.yaml"), """
                    - route:
                        id: taken-port
                        from:
                          uri: netty-http:http://127.0.0.1:%d/taken
                          steps:
                            - log: never
                    """.formatted(taken.getLocalPort()));
            BridgeProcess bridge = demoBridge(Map.of("BRIDGE_ROUTES_DIR", routes.toString()));
            try {
                assertThatThrownBy(bridge::start).hasMessageContaining("the bridge exited with 1");
                assertThat(Files.readString(bridge.log())).contains("Address already in use").contains("taken-port");
            } finally {
                bridge.close();
            }
        }
    }

    /** The same port taken from a demo simulator is refused before anything starts, in one line naming its setting. */
    @Test
    void aDemoSimulatorsPortThatIsTakenStopsTheStartInOneLineNamingItsVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            BridgeProcess bridge = new BridgeProcess(work.resolve("data"), null, Map.of(
                    "BRIDGE_SIMULATOR_PORT", Integer.toString(taken.getLocalPort()),
                    "BRIDGE_DAKTELASIMULATOR_PORT", Integer.toString(TestSocketUtils.findAvailableTcpPort())));
            try {
                assertThatThrownBy(bridge::start).hasMessageContaining("the bridge exited with 1");
                String log = Files.readString(bridge.log());
                // refused before the log is set up, like every setting EmbeddedDefaults refuses: Spring Boot's banner
                // of the same words followed the line (application.yml, which turns its reporter off, is not read yet)
                assertThat(log.lines().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).findFirst()).get().asString()
                        .contains("Cannot start: the demo's AristoTelos simulator cannot listen on 127.0.0.1:" + taken.getLocalPort())
                        .contains("or set BRIDGE_SIMULATOR_PORT to a free port");
                assertThat(log).doesNotContain("\tat ").doesNotContain("BindException").doesNotContain("APPLICATION FAILED TO START");
            } finally {
                bridge.close();
            }
        }
    }

    /**
     * A callback port another process holds: Spring Boot's report said "configure this application to listen on another
     * port", not which of the bridge's two ports nor how; and after a check's own words came "Fix: change what it names".
     */
    @Test
    void aTakenCallbackPortStopsTheStartInOneLineNamingItsVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            BridgeProcess bridge = demoBridge(Map.of("SERVER_PORT", Integer.toString(taken.getLocalPort())));
            try {
                assertThatThrownBy(bridge::start).hasMessageContaining("the bridge exited with 1");
                assertThat(Files.readString(bridge.log()).lines().filter(l -> l.contains("Cannot start")).toList()).singleElement()
                        .asString().contains("Cannot start: port " + taken.getLocalPort() + " (SERVER_PORT, the callback port) is already in use")
                        .contains("or set SERVER_PORT to a free port");
            } finally {
                bridge.close();
            }
        }
    }

    /**
     * A second bridge on the data directory of one that runs (a supervisor's restart while the old process still
     * stops) waited for the journal's lock for ever, deaf to SIGTERM; with the wait bounded, Artemis gave up and the
     * bridge started all the same, without a broker. Now it stops after BRIDGE_STORAGE_LOCK_WAIT, saying why.
     */
    @Test
    void aSecondBridgeOnTheSameDataDirectoryStopsAfterTheLockWaitSayingWhy() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> ports = Map.of("BRIDGE_SIMULATOR_PORT", Integer.toString(TestSocketUtils.findAvailableTcpPort()),
                "BRIDGE_DAKTELASIMULATOR_PORT", Integer.toString(TestSocketUtils.findAvailableTcpPort()));
        BridgeProcess first = new BridgeProcess(data, null, ports).start();
        BridgeProcess second = new BridgeProcess(data, null, Map.of("BRIDGE_STORAGE_LOCK_WAIT", "2s",
                "BRIDGE_SIMULATOR_PORT", Integer.toString(TestSocketUtils.findAvailableTcpPort()),
                "BRIDGE_DAKTELASIMULATOR_PORT", Integer.toString(TestSocketUtils.findAvailableTcpPort())));
        try {
            assertThatThrownBy(second::start).hasMessageContaining("the bridge exited with 1");
            assertThat(Files.readString(second.log()).lines().filter(l -> l.contains("Cannot start")).toList()).singleElement()
                    .asString().contains("Cannot start: the embedded broker did not start within BRIDGE_STORAGE_LOCK_WAIT (2 s")
                    .contains("holds the lock of its journal in " + data.resolve("artemis"))
                    .contains("give this bridge a BRIDGE_DATA_DIR of its own");
            assertThat(first.post("{\"event\":\"login\",\"user\":\"still-first\"}")).as("the first bridge runs on").isEqualTo(202);
        } finally {
            second.close();
            first.close();
        }
    }

    /**
     * A journal another user wrote (root's, after `sudo ./run.sh`; an image that ran as root) in a folder the bridge may
     * write: Artemis failed on its file at once, and the start was said to have waited for the journal's lock, "most
     * often another process". Now the file is named, with the fix.
     */
    @Test
    void aJournalFileTheBridgeCannotWriteStopsTheStartNamingItAndTheFix() throws Exception {
        Path data = work.resolve("data");
        demoBridge(Map.of()).start().close();
        Path journalFile;
        try (Stream<Path> files = Files.list(data.resolve("artemis/journal"))) {
            journalFile = files.filter(f -> f.getFileName().toString().endsWith(".amq")).findFirst().orElseThrow();
        }
        cz.bridge.storage.UnwritableFile.make(journalFile);
        BridgeProcess again = demoBridge(Map.of());
        try {
            assertThatThrownBy(again::start).hasMessageContaining("the bridge exited with 1");
            assertThat(Files.readString(again.log()).lines().filter(l -> l.contains("Cannot start")).toList()).singleElement()
                    .asString().contains("Cannot start: cannot write " + journalFile.toAbsolutePath().normalize()
                            + ", part of the embedded broker's journal in BRIDGE_DATA_DIR")
                    .contains("chown -R ")
                    .doesNotContain("lock");
        } finally {
            again.close();
            cz.bridge.storage.UnwritableFile.undo(journalFile);
        }
    }

    /**
     * The packaged jar's own failure report (its merged spring.factories): one line naming the variable,
     * before Spring Boot's analyzer of the same failure and instead of its banner.
     */
    @Test
    void aVariableThatCannotBeReadStopsTheStartInOneLineNamingIt() throws Exception {
        BridgeProcess bridge = demoBridge(Map.of("DAKTELA_TIME_ZONE", "Europe/Praha"));
        try {
            assertThatThrownBy(bridge::start).hasMessageContaining("the bridge exited with 1");
            String log = Files.readString(bridge.log());
            assertThat(log.lines().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList()).singleElement()
                    .asString().contains("Cannot start: DAKTELA_TIME_ZONE is 'Europe/Praha', which cannot be read as a ZoneId")
                    .contains("Fix: set DAKTELA_TIME_ZONE");
            assertThat(log).doesNotContain("APPLICATION FAILED TO START");
        } finally {
            bridge.close();
        }
    }

    /**
     * One of the bridge's own checks while its beans are made (MAPPINGS_FILE names no file): its words were in a
     * "Caused by" of a stack trace of some 200 lines under "Application run failed"; now they are the one line.
     */
    @Test
    void aCheckOfTheBridgesOwnStopsTheStartInOneLine() throws Exception {
        BridgeProcess bridge = demoBridge(Map.of("MAPPINGS_FILE", work.resolve("none.yaml").toString()));
        try {
            assertThatThrownBy(bridge::start).hasMessageContaining("the bridge exited with 1");
            String log = Files.readString(bridge.log());
            // beside the mappings file's own line (as when a reload is refused): "Refused …/none.yaml; no mappings are in force"
            assertThat(log.lines().filter(l -> l.contains("Cannot start")).toList()).singleElement().asString()
                    .contains("Cannot start: " + work.resolve("none.yaml") + " cannot be used: - file: the file")
                    .contains("fix: copy the default mappings.yaml there or set MAPPINGS_FILE").doesNotContain("Fix: ");
            assertThat(log).doesNotContain("Application run failed").doesNotContain("\tat ");
        } finally {
            bridge.close();
        }
    }

    /**
     * A mappings.yaml of 16 KB whose external state and terminating state are names of 8,000 characters: the near-miss
     * suggestion's edit-distance table for the two was 256 MB, over the shipped heap, and with -XX:+ExitOnOutOfMemoryError
     * the JVM exited without a word about the file, at every start (and at a live reload). Now the start is refused
     * naming the file and what is wrong in it.
     */
    @Test
    void aMappingsFileWithVeryLongNamesIsRefusedNotAnOutOfMemoryExit() throws Exception {
        Path mappings = work.resolve("long-names.yaml");
        String defaults = Files.readString(Path.of("mappings.yaml"));
        Files.writeString(mappings, defaults.replace("externalStates:\n", "externalStates:\n  - {name: " + "a".repeat(8_000)
                + ", id: 3, code: NotReady, reasonId: 99, reasonCode: long, operatorState: null}\n")
                .replace("employeeStates:\n", "employeeStates:\n  - {name: Long, abbreviation: LO, terminatingStates: ["
                        + "b".repeat(8_000) + "]}\n"));
        BridgeProcess bridge = demoBridge(Map.of("MAPPINGS_FILE", mappings.toString()));
        try {
            assertThatThrownBy(bridge::start).hasMessageContaining("the bridge exited with 1");
            String log = Files.readString(bridge.log());
            assertThat(log).doesNotContain("OutOfMemoryError");
            assertThat(log.lines().filter(l -> l.contains("Cannot start")).toList()).singleElement().asString()
                    .contains("Cannot start: " + mappings + " cannot be used").contains("terminating");
        } finally {
            bridge.close();
        }
    }

    /**
     * A route file's bean property given a value of the wrong form (aristotelos.camel.yaml's maxBytes as 64KB): Camel's
     * report was "Application run failed" and a stack trace, the file, the bean and the value in three "Caused by" lines.
     */
    @Test
    void aRouteFilesBeanPropertyOfTheWrongFormStopsTheStartInOneLine() throws Exception {
        Path routes = copyOfTheRoutes();
        Path aristotelos = routes.resolve("aristotelos.camel.yaml");
        String shipped = Files.readString(aristotelos);
        assertThat(shipped).contains("maxBytes: 65536");
        Files.writeString(aristotelos, shipped.replace("maxBytes: 65536", "maxBytes: 64KB"));
        BridgeProcess bridge = demoBridge(Map.of("BRIDGE_ROUTES_DIR", routes.toString()));
        // readiness asked as often as a supervisor's probes might come, the moment after the failure included: the
        // management port's answers then logged two ERROR lines with stack traces before the start's one line
        AtomicBoolean starting = new AtomicBoolean(true);
        AtomicInteger asked = new AtomicInteger();
        Runnable probing = () -> {
            // from when the port listens: connections refused before would take ephemeral ports, and one of them
            // could be a port the bridge is about to bind
            while (starting.get() && !listening(bridge)) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            while (starting.get()) {
                asked.incrementAndGet();
                bridge.readiness();
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
            }
        };
        List<Thread> probes = Stream.generate(() -> Thread.ofVirtual().start(probing)).limit(6).toList();
        try {
            assertThatThrownBy(bridge::start).hasMessageContaining("the bridge exited with 1");
            starting.set(false);
            for (Thread probe : probes) {
                probe.join();
            }
            assertThat(asked).as("readiness asked while the management port listened").hasPositiveValue();
            String log = Files.readString(bridge.log());
            assertThat(log.lines().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList()).singleElement().asString()
                    .contains("Cannot start").contains(aristotelos.getFileName().toString())
                    .contains("the property maxBytes of BoundedAnswers cannot be set to '64KB' (For input string: \"64KB\")")
                    .contains("Fix: give maxBytes in ");
            // Spring's report is replaced, and the management port answers without a stack trace
            assertThat(log).doesNotContain("Application run failed").doesNotContain("PropertyBindingException").doesNotContain("\tat ");
        } finally {
            starting.set(false);
            bridge.close();
        }
    }

    /** A word that is no option ('valdate') starts nothing: exit 2 and a line that says so, on the packaged jar. */
    @Test
    void aMistypedCommandStartsNothing() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                BridgeProcess.jar().toString(), "valdate", "--mappings", "mappings.yaml").redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("ended").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isEqualTo(2);
            assertThat(output).contains("unknown command 'valdate'").doesNotContain("Starting BridgeApplication");
        } finally {
            process.destroyForcibly();
        }
    }

    /** The packaged bridge in demo mode with these variables, its simulators on free ports. */
    private BridgeProcess demoBridge(Map<String, String> variables) {
        return BridgeProcess.demo(work.resolve("data"), variables);
    }

    /** Whether the bridge's log says its management port listens. */
    private static boolean listening(BridgeProcess bridge) {
        try {
            return bridge.managementPort() > 0 && Files.exists(bridge.log())
                    && Files.readString(bridge.log()).contains("Tomcat started on port " + bridge.managementPort() + " ");
        } catch (IOException e) {
            return false;
        }
    }

    /** A copy of the release's route files, for BRIDGE_ROUTES_DIR. */
    private Path copyOfTheRoutes() throws IOException {
        Path routes = work.resolve("routes");
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(Path.of("routes").relativize(file).toString()));
            }
        }
        return routes;
    }
}
