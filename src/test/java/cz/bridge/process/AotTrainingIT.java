package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache's training run (src/build/AotTraining.java: 'mvn package', and run.sh's rebuild on a bridge's own host)
 * among the builder's own settings: the shell's variables and the folder's application.yml. The training bridge read
 * the folder's and connected to the broker named there: on a bridge's own host it would have taken events from the
 * production broker while it ran (packaging review).
 */
class AotTrainingIT {

    @TempDir
    Path work;

    @Test
    void theTrainingBridgeRunsOnItsOwnSettingsWhateverTheFolderAndTheShellSay() throws Exception {
        Path folder = projectFolder();
        Files.writeString(folder.resolve("application.yml"), "bridge:\n  artemis-url: tcp://broker-of-the-folder.invalid:61616\n"
                + "  daktela:\n    url: http://daktela-of-the-folder.invalid\n    access-token: from-the-folder\n");
        ProcessBuilder training = training(folder);
        training.environment().put("BRIDGE_ARTEMIS_URL", "tcp://broker-of-the-shell.invalid:61616");
        training.environment().put("SPRING_APPLICATION_JSON", "{\"bridge\":{\"artemis-url\":\"tcp://broker-of-spring-json.invalid:61616\"}}");
        Process process = training.start();
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("the training ended").isTrue();

        String text = Files.readString(work.resolve("training.log"));
        assertThat(process.exitValue()).as(Files.readString(work.resolve("out.txt"))).isZero();
        assertThat(work.resolve("bridge.aot")).isNotEmptyFile();
        assertThat(text).contains("Ready: callbacks").contains("delivering to AristoTelos at http://127.0.0.1:9;")
                .as("the embedded broker, no reconciliation").doesNotContain("Could not refresh JMS Connection")
                .doesNotContain(".invalid");
    }

    /**
     * A build stopped during the training (an IDE's stop button, a kill of its process) leaves no training bridge running,
     * nor the cache's assembly that a JVM with -XX:AOTCacheOutput starts in a child JVM when it is sent SIGTERM (and waits
     * for: 20 s to minutes on 2 cores, while the bridge's start goes on).
     */
    @Test
    void aTrainingStoppedMeanwhileStopsItsBridge() throws Exception {
        Process training = training(projectFolder()).start();
        // the bridge and its children, no longer the training's descendants once it has ended
        Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        try {
            // stopped once the bridge's start is under way, when a SIGTERM made it assemble a cache before it ended
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(work.resolve("training.log"))
                    && Files.readString(work.resolve("training.log")).contains("Starting BridgeApplication"));
            seen.addAll(training.descendants().toList());
            assertThat(seen).as("the training bridge").isNotEmpty();

            training.destroy(); // SIGTERM to the training program alone, as a stopped build gives it

            assertThat(training.waitFor(60, TimeUnit.SECONDS)).as("the training program ended").isTrue();
            await("the training bridge and its children ended").atMost(Duration.ofSeconds(10)).until(() -> {
                seen.addAll(seen.stream().filter(ProcessHandle::isAlive).flatMap(ProcessHandle::descendants).toList());
                return seen.stream().noneMatch(ProcessHandle::isAlive);
            });
        } finally {
            seen.addAll(training.descendants().toList());
            seen.addAll(seen.stream().flatMap(ProcessHandle::descendants).toList());
            seen.forEach(ProcessHandle::destroyForcibly);
            training.destroyForcibly();
        }
    }

    /**
     * Stopped while the bridge assembles the cache (after the training's SIGTERM at "Ready:", the JVM runs the assembly in
     * a child JVM and waits for it): that child ends as well. Its command line is a bare java (its options come in
     * JAVA_TOOL_OPTIONS), so a stopped build's leftover could not even be told by its name.
     */
    @Test
    void aTrainingStoppedDuringTheCachesAssemblyStopsTheAssemblyToo() throws Exception {
        Process training = training(projectFolder()).start();
        Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        try {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(50)).until(() -> {
                seen.addAll(training.descendants().toList());
                return !training.isAlive() || training.children().anyMatch(bridge -> bridge.children().findAny().isPresent());
            });
            assertThat(training.isAlive()).as("the training running, its bridge assembling the cache: " + Files.readString(work.resolve("out.txt")))
                    .isTrue();
            seen.addAll(training.descendants().toList());
            assertThat(seen).as("the bridge and the assembly").hasSizeGreaterThanOrEqualTo(2);

            training.destroy();

            assertThat(training.waitFor(60, TimeUnit.SECONDS)).as("the training program ended").isTrue();
            await("the training bridge and the assembly ended").atMost(Duration.ofSeconds(10)).until(() -> {
                seen.addAll(seen.stream().filter(ProcessHandle::isAlive).flatMap(ProcessHandle::descendants).toList());
                return seen.stream().noneMatch(ProcessHandle::isAlive);
            });
            assertThat(work.resolve("bridge.aot")).as("no cache from a stopped training").doesNotExist();
        } finally {
            seen.addAll(training.descendants().toList());
            seen.addAll(seen.stream().flatMap(ProcessHandle::descendants).toList());
            seen.forEach(ProcessHandle::destroyForcibly);
            training.destroyForcibly();
        }
    }

    /** A folder as the training runs in: the route files, the mappings and jvm.options. */
    private Path projectFolder() throws IOException {
        Path folder = Files.createDirectories(work.resolve("project"));
        copy(Path.of("routes"), folder.resolve("routes"));
        Files.copy(Path.of("mappings.yaml"), folder.resolve("mappings.yaml"));
        Files.copy(Path.of("jvm.options"), folder.resolve("jvm.options"));
        return folder;
    }

    /** The training as pom.xml runs it, in that folder: the cache, its log and its output under work. */
    private ProcessBuilder training(Path folder) {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Path.of("src/build/AotTraining.java").toAbsolutePath().toString(), BridgeProcess.jar().toAbsolutePath().toString(),
                work.resolve("bridge.aot").toString(), folder.resolve("jvm.options").toString(), work.resolve("data").toString(),
                work.resolve("training.log").toString())
                .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
