import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The AOT cache's training run (pom.xml's aot-cache step, the Dockerfile): starts the packaged bridge in production mode
 * on random loopback ports with -XX:AOTCacheOutput, lets it run until its routes have started and it says "Ready:",
 * then stops it with SIGTERM, when the JVM writes the cache of the classes it loaded and linked. Run by the JDK that
 * will run the bridge (a cache serves only the JVM build and the jars it was made with), with Java's source launcher:
 *   java src/build/AotTraining.java JAR CACHE JVM_OPTIONS DATA_DIR LOG   (in the folder of routes/ and mappings.yaml)
 * Exits 0 with CACHE written, and beside it CACHE.jvm, the JVM that made it as run.sh's java_identity writes it (its
 * home and its release file's JAVA_RUNTIME_VERSION), else 1 with no CACHE and the log's last lines. A Java program rather than a script so
 * that Maven's toolchain gives it the JDK and it runs on every system Maven does.
 */
public class AotTraining {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]), cache = Path.of(args[1]), options = Path.of(args[2]), data = Path.of(args[3]),
                log = Path.of(args[4]);
        deleteTree(data);
        Files.deleteIfExists(cache);
        Path made = Path.of(cache + ".jvm");
        Files.deleteIfExists(made);
        // the shipped settings without the line that reads a cache: the JVM refuses to read one and write one
        List<String> settings = Files.readAllLines(options).stream()
                .filter(line -> !line.strip().startsWith("-XX:AOTCache=")).toList();
        Path trainingOptions = Files.createTempFile("aot-training", ".options");
        Files.write(trainingOptions, settings);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + trainingOptions, "-XX:AOTCacheOutput=" + cache, "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // none of the builder's settings: on a bridge's own host run.sh rebuilds here, and the shell's variables and
        // the folder's application.yml or config/ (the bridge's own: ARTEMIS_URL, DAKTELA_URL, ...) made the training
        // bridge take events from the production broker while it ran (packaging review: the folder's artemis-url was used)
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SystemRoot", "TEMP", "TMP"));
        env.put("SPRING_CONFIG_LOCATION", "classpath:/");
        // both ports on loopback: production mode's callback port would listen on every interface; the mappings of
        // the working directory
        env.putAll(Map.of("ARISTOTELOS_URL", "http://127.0.0.1:9", "ARISTOTELOS_TOKEN_URL", "http://127.0.0.1:9/oauth/token",
                "ARISTOTELOS_CLIENT_ID", "aot-training", "ARISTOTELOS_CLIENT_SECRET", "aot-training",
                "DAKTELA_CALLBACK_SECRET", "aot-training", "MANAGEMENT_PASSWORD", "aot-training",
                "SERVER_ADDRESS", "127.0.0.1", "SERVER_PORT", "0", "MANAGEMENT_ADDRESS", "127.0.0.1", "MANAGEMENT_PORT", "0"));
        env.putAll(Map.of("MAPPINGS_FILE", "mappings.yaml", "BRIDGE_DATA_DIR", data.toString()));
        Process bridge = builder.start();
        // a build stopped meanwhile (an IDE's stop button, a kill of this process) left the training bridge running.
        // Killed, not sent SIGTERM: a JVM with -XX:AOTCacheOutput ends a SIGTERM by assembling the cache in a child JVM
        // it waits for, while its start goes on: 18-25 s on 2 cores, and a fresh-clone CI's had not ended 180 s after it
        // (2026-12-07), for a cache a stopped build does not want. Its children (that assembly) too
        Runtime.getRuntime().addShutdownHook(new Thread(() -> kill(bridge)));
        boolean ready = false;
        for (int look = 0; look < 240 && !ready && bridge.isAlive(); look++) {
            Thread.sleep(500);
            ready = text(log).contains("Ready: callbacks");
        }
        ready = ready || text(log).contains("Ready: callbacks");
        // SIGTERM: the JVM writes the cache as it ends; one that hangs in its stop or the writing must not hang the build
        bridge.destroy();
        if (!bridge.waitFor(120, TimeUnit.SECONDS)) {
            kill(bridge);
            bridge.waitFor();
        }
        deleteTree(data);
        Files.deleteIfExists(trainingOptions);
        if (!ready || !Files.exists(cache) || Files.size(cache) == 0) {
            List<String> lines = text(log).lines().toList();
            System.err.println("AOT training run failed (no 'Ready:' line or no cache); its log's last lines:");
            lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(System.err::println);
            // a cache of a start that failed holds the wrong classes
            Files.deleteIfExists(cache);
            System.exit(1);
        }
        Files.writeString(made, identity() + "\n");
        System.out.printf("AOT cache %s written (%d MB)%n", cache, Files.size(cache) >> 20);
    }

    /** Kills the bridge and its children (the cache's assembly), which a dead JVM's descendants no longer list. */
    private static void kill(Process bridge) {
        List<ProcessHandle> children = new ArrayList<>(bridge.descendants().toList());
        bridge.destroyForcibly();
        children.addAll(bridge.descendants().toList());
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** This JVM as src/build/find-java.sh's java_identity names one: its home's real path and its runtime version, or -. */
    private static String identity() throws IOException {
        Path home = Path.of(System.getProperty("java.home")).toRealPath();
        Path release = home.resolve("release");
        String version = Files.exists(release) ? Files.readAllLines(release).stream()
                .filter(line -> line.startsWith("JAVA_RUNTIME_VERSION=\""))
                .map(line -> line.substring("JAVA_RUNTIME_VERSION=\"".length(), line.length() - 1)).findFirst().orElse("-") : "-";
        return home + " " + version;
    }

    private static String text(Path log) throws IOException {
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
