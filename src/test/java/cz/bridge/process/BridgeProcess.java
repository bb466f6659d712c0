package cz.bridge.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.test.util.TestSocketUtils;

/**
 * The packaged bridge (target/bridge.jar, as the Docker image runs it) as a separate process on loopback ports, with
 * its log in a file, so that tests can kill it for real and start it again on the same data.
 */
public final class BridgeProcess implements AutoCloseable {

    public static final String CALLBACK_SECRET = "it-callback-secret";
    public static final String MANAGEMENT_PASSWORD = "it-management-password";

    private final Map<String, String> env;
    private final String fixedPort;
    private final Path log;
    /** Chosen free, and chosen again when another process took one before the bridge bound it ({@link #start}). */
    private int port;
    private int managementPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The JVM settings the bridge ships with (jvm.options), unless a test gives others. */
    private List<String> jvmOptions = List.of("@" + Path.of("jvm.options").toAbsolutePath());
    /** Started by the README's run.sh instead of a java command of its own. */
    private boolean byRunScript;
    private Process process;

    /** The README's demo: no ARISTOTELOS_URL, the built-in simulators on free ports. */
    public static BridgeProcess demo(Path dataDir, Map<String, String> extraEnv) {
        Map<String, String> all = new HashMap<>(extraEnv);
        all.put("BRIDGE_SIMULATOR_PORT", Integer.toString(TestSocketUtils.findAvailableTcpPort()));
        all.put("BRIDGE_DAKTELASIMULATOR_PORT", Integer.toString(TestSocketUtils.findAvailableTcpPort()));
        return new BridgeProcess(dataDir, null, all);
    }

    public BridgeProcess(Path dataDir, String aristotelosUrl, Map<String, String> extraEnv) {
        // under target/, so that a failed run leaves its logs to read
        this.log = Path.of("target", "it-logs", dataDir.getFileName() + "-" + System.nanoTime() + ".log").toAbsolutePath();
        Path project = Path.of("").toAbsolutePath();
        env = new HashMap<>();
        env.put("BRIDGE_DATA_DIR", dataDir.toString());
        if (aristotelosUrl != null) {
            // null: demo mode, the built-in simulators
            env.put("ARISTOTELOS_URL", aristotelosUrl);
        }
        env.put("ARISTOTELOS_CLIENT_ID", "it-client");
        env.put("ARISTOTELOS_CLIENT_SECRET", "it-client-secret");
        env.put("DAKTELA_CALLBACK_SECRET", CALLBACK_SECRET);
        env.put("MANAGEMENT_PASSWORD", MANAGEMENT_PASSWORD);
        env.put("MAPPINGS_FILE", project.resolve("mappings.yaml").toString());
        env.put("BRIDGE_ROUTES_DIR", project.resolve("routes").toString());
        env.put("BRIDGE_DELIVERY_RETRY_DELAY_MS", "200");
        env.put("BRIDGE_DELIVERY_MAX_RETRY_DELAY_MS", "2000");
        env.putAll(extraEnv);
        fixedPort = extraEnv.get("SERVER_PORT");
    }

    public static Path jar() {
        Path jar = Path.of("target", "bridge.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run after 'mvn package' (mvn verify)");
        }
        return jar;
    }

    /** The JVM's options instead of the shipped jvm.options (before {@link #start()}). */
    public BridgeProcess jvmOptions(String... options) {
        jvmOptions = List.of(options);
        return this;
    }

    /**
     * Started as the README's first command starts it, by run.sh (before {@link #start()}): its JVM settings are
     * jvm.options' and the environment's JAVA_OPTS, not {@link #jvmOptions}'.
     */
    public BridgeProcess byRunScript() {
        byRunScript = true;
        return this;
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    /**
     * Starts the process and waits until it takes callbacks. Free ports are chosen here; a port another
     * process took between the choice and the bridge's bind (TestSocketUtils can only say it was free)
     * makes the bridge exit at start, and it is started again on other ports, at most three times.
     */
    public BridgeProcess start() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            // a SERVER_PORT given is kept (a test of a taken port); otherwise a free one is chosen
            port = fixedPort != null ? Integer.parseInt(fixedPort) : TestSocketUtils.findAvailableTcpPort();
            managementPort = TestSocketUtils.findAvailableTcpPort();
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("MANAGEMENT_PORT", Integer.toString(managementPort));
            long logged = Files.exists(log) ? Files.size(log) : 0;
            try {
                return startOnce();
            } catch (IllegalStateException exited) {
                String thisAttempt = Files.readString(log).substring((int) Math.min(logged, Files.size(log)));
                if (attempt == 3 || process.isAlive() || fixedPort != null || !thisAttempt.contains("is already in use")) {
                    throw exited;
                }
            }
        }
    }

    private BridgeProcess startOnce() throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        if (byRunScript) {
            command.addAll(List.of("bash", Path.of("run.sh").toAbsolutePath().toString()));
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar().toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        if (byRunScript) {
            // run.sh looks for its Java at JAVA_HOME first: the JDK the tests run on, which trained the AOT cache
            builder.environment().remove("JAVA");
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        }
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bridge exited with " + process.exitValue() + "; see " + log);
            }
            if (ready()) {
                return this;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the bridge did not become ready within 150 s; see " + log);
    }

    private boolean ready() {
        try {
            HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return readiness.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no flush, as a crash or an OOM killer would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns whether it exited within the time given. */
    public boolean terminate(Duration within) throws InterruptedException {
        sigterm();
        return exited(within);
    }

    /** SIGTERM, without waiting for the exit. */
    public void sigterm() {
        process.destroy();
    }

    /** Whether the process exits within the time given. */
    public boolean exited(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The process started: with run.sh, the JVM it became (it ends with exec). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public URI callbackUri() {
        return URI.create("http://127.0.0.1:" + port + "/daktela/agent-state");
    }

    public Path log() {
        return log;
    }

    /** The readiness health with details (as the operator sees it), or null when the bridge did not answer. */
    public HttpResponse<String> readiness() {
        return management("/actuator/health/readiness", null);
    }

    /**
     * A GET (jsonBody null) or a JSON POST on the management port with the operator's login; null when the
     * bridge did not answer.
     */
    public HttpResponse<String> management(String path, String jsonBody) {
        String credentials = java.util.Base64.getEncoder().encodeToString(
                ("admin:" + MANAGEMENT_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Basic " + credentials);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Posts one JSON callback; returns the status, or -1 when the bridge did not answer. */
    public int post(String json) {
        HttpResponse<String> answer = send(json);
        return answer == null ? -1 : answer.statusCode();
    }

    /** Posts one JSON callback; returns the answer, or null when the bridge did not answer. */
    public HttpResponse<String> send(String json) {
        try {
            return http.send(HttpRequest.newBuilder(callbackUri()).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").header("X-Webhook-Secret", CALLBACK_SECRET)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            kill();
        }
    }
}
