package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** A build stopped during the training (an IDE's stop button, a kill of its process) leaves no training bridge running. */
    @Test
    void aTrainingStoppedMeanwhileStopsItsBridge() throws Exception {
        Process training = training(projectFolder()).start();
        List<ProcessHandle> bridge = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> training.descendants().findAny().isPresent());
            bridge.addAll(training.descendants().toList());

            training.destroy(); // SIGTERM to the training program alone, as a stopped build gives it

            assertThat(training.waitFor(60, TimeUnit.SECONDS)).as("the training program ended").isTrue();
            // a training bridge ends once its JVM has assembled the AOT cache, which it does as it ends (SIGTERM): 40-70 s
            // on the 2-core machines (60 s was passed once, fresh-clone CI 2026-12-07 01:1x); still bounded
            await().atMost(Duration.ofSeconds(180)).until(() -> bridge.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            // no longer the training's descendants once it has ended: the ones seen before
            bridge.forEach(ProcessHandle::destroyForcibly);
            training.descendants().forEach(ProcessHandle::destroyForcibly);
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
