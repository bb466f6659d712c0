package cz.bridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import cz.bridge.BridgeApplication;
import cz.bridge.simulator.AristotelosSimulator;
import cz.bridge.simulator.SimulatorConfiguration;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Throughput and latency of the real bridge, in-process, on loopback only:
 * Daktela-style JSON callbacks in over HTTP/1.1 keep-alive, the built-in AristoTelos
 * simulator as the receiver.
 *
 * <ul>
 *   <li>Phase A (throughput): a warm-up, then {@code bench.count} callbacks as fast as
 *       {@code bench.clients} synchronous clients go: accepted/s (202 answers over the sending
 *       wall time) and delivered/s (simulator receipts over first send .. last receipt).</li>
 *   <li>Phase B (latency): {@code bench.rate} callbacks/s for {@code bench.seconds}, paced by a
 *       scheduler (a slow answer does not hold the next send back); end-to-end latency =
 *       simulator receipt {@code System.nanoTime()} - {@code System.nanoTime()} just before the
 *       request was sent, matched by event id.</li>
 * </ul>
 *
 * Exits 0, or 1 when an event answered 202 never reached the simulator within the bounded
 * wait (a lost event), or 2 when the benchmark itself failed. It asserts no speed.
 *
 * Run from the project directory (the routes and mappings.yaml are read from there):
 * {@code mvn -B -q -Pbenchmark test-compile exec:exec} or {@code bash bench/run.sh}.
 */
public final class CallbackBenchmark {

    private static final String PATH = "/daktela/agent-state";
    private static final String SECRET = "bench-secret-" + UUID.randomUUID();
    /** One agent's day, over and over: login, ready, lunch, ready, logout. */
    private static final String[][] CYCLE = {
            {"login", null}, {"ready", null}, {"unready", "lunch"}, {"ready", null}, {"logout", null}};

    /**
     * Parameters, each a system property; the defaults are here only (the pom passes a parameter
     * left unset as an empty value). A value that is no whole number, or out of range, stops the
     * run with the parameter's name and what it accepts.
     */
    record Params(int count, int warmup, int clients, int agents, int rate, int seconds, int drainSeconds,
                  int sendSeconds, String logLevel) {

        static Params fromSystemProperties() {
            Params p = new Params(
                    number("bench.count", 30_000, 1, 5_000_000),
                    number("bench.warmup", 30_000, 0, 5_000_000),
                    number("bench.clients", 32, 1, 512),
                    number("bench.agents", 200, 1, 1_000_000),
                    number("bench.rate", 100, 1, 10_000),
                    number("bench.seconds", 30, 1, 3_600),
                    number("bench.drainSeconds", 120, 1, 86_400),
                    number("bench.sendSeconds", 300, 1, 86_400),
                    System.getProperty("bench.logLevel", "").isBlank() ? "WARN" : System.getProperty("bench.logLevel").trim());
            if ((long) p.rate * p.seconds > 5_000_000) {
                throw new InvalidParameter("bench.rate × bench.seconds must be at most 5,000,000 callbacks, got "
                        + p.rate + " × " + p.seconds);
            }
            return p;
        }

        private static int number(String name, int defaultValue, int min, int max) {
            String value = System.getProperty(name, "").trim();
            if (value.isEmpty()) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // said below, with the range
            }
            throw new InvalidParameter(name + " must be a whole number from " + min + " to " + max + " (default "
                    + defaultValue + "), got '" + value + "'");
        }
    }

    /** A benchmark parameter that cannot be used: said in one line, without a stack trace. */
    static final class InvalidParameter extends IllegalArgumentException {
        InvalidParameter(String message) {
            super(message);
        }
    }

    /** One callback sent: when, what came back. */
    static final class Sent {
        final String id;
        volatile long sendNanos;
        volatile long answerNanos;
        volatile int status; // 0 = not sent, -1 = I/O error

        Sent(String id) {
            this.id = id;
        }

        boolean accepted() {
            return status == 202;
        }
    }

    private final Params params;
    private final List<String> report = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private ConfigurableApplicationContext app;
    private AristotelosSimulator simulator;
    private URI callbackUri;
    private double acceptedPerSecond = Double.NaN;
    private double deliveredPerSecond = Double.NaN;
    private double p99Millis = Double.NaN;

    CallbackBenchmark(Params params) {
        this.params = params;
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = new CallbackBenchmark(Params.fromSystemProperties()).run();
        } catch (InvalidParameter e) {
            System.err.println("BENCHMARK NOT RUN: " + e.getMessage());
            exit = 2;
        } catch (Throwable t) {
            System.err.println("BENCHMARK FAILED: " + t);
            t.printStackTrace();
            exit = 2;
        }
        System.out.flush();
        System.exit(exit);
    }

    int run() throws Exception {
        Path projectDir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (!Files.isDirectory(projectDir.resolve("routes")) || !Files.isRegularFile(projectDir.resolve("mappings.yaml"))) {
            throw new IllegalStateException("run from the project directory (routes/ and mappings.yaml are read from it), not " + projectDir);
        }
        Path dataDir = Files.createTempDirectory("bridge-bench-data");
        int exit;
        try {
            long started = System.nanoTime();
            startApp(dataDir);
            double startSeconds = (System.nanoTime() - started) / 1e9;
            header(dataDir, startSeconds);

            List<Sent> warm = newBatch("W", params.warmup);
            if (!warm.isEmpty()) {
                progress("warm-up: " + warm.size() + " callbacks");
                sendAsFastAsPossible(warm);
                awaitDelivered(warm, params.drainSeconds);
            }

            List<Sent> phaseA = phaseA();
            List<Sent> phaseB = phaseB();

            // the correctness check: every 202 reached AristoTelos
            List<Sent> all = new ArrayList<>(warm);
            all.addAll(phaseA);
            all.addAll(phaseB);
            exit = verdict(all);
        } finally {
            stopApp();
            deleteQuietly(dataDir);
        }
        writeReport(projectDir.resolve("target").resolve("benchmark-report.txt"));
        return exit;
    }

    // --- the application

    private void startApp(Path dataDir) throws IOException {
        int simulatorPort = freePort();
        progress("starting the bridge (data dir " + dataDir + ", simulator port " + simulatorPort + ")");
        // command-line arguments, not builder.properties(): those are default properties and
        // application.yml's own server.port / bridge.data-dir would win over them
        String level = params.logLevel;
        // the tests' Java simulators, named as a source: the demo's route-file simulators are switched off
        app = new SpringApplicationBuilder(BridgeApplication.class, SimulatorConfiguration.class).run(
                "--bridge.data-dir=" + dataDir,
                "--server.port=0",
                "--management.server.port=0",
                // the embedded mode: blank broker and AristoTelos settings (whatever the environment
                // says) make the bridge run its embedded broker and its built-in simulator with
                // demo credentials, as without ARTEMIS_URL and ARISTOTELOS_URL (the simulators: the tests')
                "--bridge.artemis-url=",
                "--bridge.aristotelos.url=",
                "--bridge.aristotelos.token-url=",
                "--bridge.aristotelos.client-id=",
                "--bridge.aristotelos.client-secret=",
                "--bridge.simulator.port=" + simulatorPort,
                "--bridge.daktela-simulator.port=" + freePort(),
                "--bridge.simulator.enabled=false",
                "--bridge.daktela-simulator.enabled=false",
                "--bridge.callback.secret=" + SECRET,
                // the per-event INFO lines (accepted, delivered by the route-id logger) would
                // otherwise dominate; bench.logLevel=INFO keeps them
                "--logging.level.root=" + level,
                "--logging.level.cz.bridge=" + level,
                "--logging.level.org.apache.camel=" + level,
                "--logging.level.deliver-agent-state=" + level,
                "--logging.level.park-event=" + (level.equals("INFO") ? "INFO" : "WARN"));
        simulator = app.getBean(AristotelosSimulator.class);
        simulator.logStates(false);
        String port = app.getEnvironment().getProperty("local.server.port");
        callbackUri = URI.create("http://127.0.0.1:" + port + PATH);
    }

    private void stopApp() {
        if (app != null) {
            long t = System.nanoTime();
            try {
                app.close();
            } catch (RuntimeException e) {
                System.err.println("closing the application failed: " + e);
            }
            progress(String.format(Locale.ROOT, "application closed in %.1f s", (System.nanoTime() - t) / 1e9));
        }
    }

    // --- phase A: throughput

    private List<Sent> phaseA() throws InterruptedException {
        List<Sent> batch = newBatch("A", params.count);
        progress("phase A: " + batch.size() + " callbacks from " + params.clients + " clients as fast as they go");
        long deliveredBefore = simulator.updateRequests();
        ThreadCpuProfile cpu = ThreadCpuProfile.snapshot();
        List<String> timeline = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(named("bench-sampler", true));
        long t0 = System.nanoTime();
        AtomicLong acceptedSoFar = new AtomicLong();
        sampler.scheduleAtFixedRate(() -> timeline.add(String.format(Locale.ROOT, "  %5.1f s  answered %6d  delivered %6d",
                        (System.nanoTime() - t0) / 1e9, acceptedSoFar.get(), simulator.updateRequests() - deliveredBefore)),
                1, 1, TimeUnit.SECONDS);
        long start = System.nanoTime();
        long end = sendAsFastAsPossible(batch, acceptedSoFar);
        List<String> cpuWhileSending = ThreadCpuProfile.since(cpu, 14);
        boolean complete = awaitDelivered(batch, params.drainSeconds);
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);

        long accepted = batch.stream().filter(Sent::accepted).count();
        Map<String, ReceivedState> got = firstReceipts();
        long delivered = batch.stream().filter(s -> s.accepted() && got.containsKey(s.id)).count();
        long lastReceipt = batch.stream().filter(s -> got.containsKey(s.id))
                .mapToLong(s -> got.get(s.id).receivedNanos()).max().orElse(start);
        double sendSeconds = (end - start) / 1e9;
        double deliverSeconds = (lastReceipt - start) / 1e9;
        long[] answers = batch.stream().filter(s -> s.status != 0).mapToLong(s -> s.answerNanos - s.sendNanos).sorted().toArray();
        acceptedPerSecond = accepted / sendSeconds;
        deliveredPerSecond = delivered / Math.max(deliverSeconds, 1e-9);

        section("Phase A - throughput (" + params.count + " callbacks, " + params.clients + " concurrent keep-alive HTTP/1.1 clients)");
        line("accepted (202)    %d of %d in %.2f s  =>  %.0f accepted/s", accepted, batch.size(), sendSeconds, accepted / sendSeconds);
        line("not accepted      %d %s", batch.size() - accepted, statusCounts(batch));
        line("delivered         %d of %d accepted, last one %.2f s after the first send  =>  %.0f delivered/s%s",
                delivered, accepted, deliverSeconds, delivered / Math.max(deliverSeconds, 1e-9),
                complete ? "" : "  (INCOMPLETE after " + params.drainSeconds + " s wait)");
        line("delivery backlog  %.2f s from the last 202 to the last receipt", Math.max(0, lastReceipt - end) / 1e9);
        line("answer time (202) p50 %s  p90 %s  p99 %s  max %s", ms(answers, 0.50), ms(answers, 0.90), ms(answers, 0.99), ms(answers, 1.0));
        int every = Math.max(1, (timeline.size() + 39) / 40); // at most about 40 lines
        line("timeline (counted from the first send, every %d s until all were delivered or the wait ended):", every);
        for (int i = 0; i < timeline.size(); i++) {
            if (i % every == every - 1 || i == timeline.size() - 1) {
                report.add(timeline.get(i));
            }
        }
        line("while sending:");
        cpuWhileSending.forEach(l -> report.add("  " + l));
        return batch;
    }

    // --- phase B: latency at a steady rate

    private List<Sent> phaseB() throws InterruptedException {
        int n = params.rate * params.seconds;
        List<Sent> batch = newBatch("B", n);
        progress("phase B: " + n + " callbacks at " + params.rate + "/s for " + params.seconds + " s");
        ThreadCpuProfile cpu = ThreadCpuProfile.snapshot();
        ExecutorService senders = Executors.newFixedThreadPool(params.clients, named("bench-client", true));
        // one keep-alive connection per sender, taken for a send and given back
        BlockingQueue<KeepAliveClient> connections = new ArrayBlockingQueue<>(params.clients);
        for (int c = 0; c < params.clients; c++) {
            connections.add(newClient());
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(named("bench-ticker", true));
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger next = new AtomicInteger();
        long periodNanos = Math.max(1, 1_000_000_000L / params.rate);
        long start = System.nanoTime();
        ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < n) {
                Sent sent = batch.get(i);
                senders.execute(() -> {
                    KeepAliveClient client = connections.poll();
                    try {
                        send(sent, client);
                    } finally {
                        connections.add(client);
                        done.countDown();
                    }
                });
            }
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        boolean allAnswered = done.await(params.seconds + 60L, TimeUnit.SECONDS);
        ticks.cancel(false);
        ticker.shutdownNow();
        senders.shutdownNow();
        senders.awaitTermination(35, TimeUnit.SECONDS);
        connections.forEach(KeepAliveClient::close);
        long lastSend = batch.stream().mapToLong(s -> s.sendNanos).max().orElse(start);
        boolean complete = awaitDelivered(batch, params.drainSeconds);
        List<String> cpuLines = ThreadCpuProfile.since(cpu, 10);

        Map<String, ReceivedState> got = firstReceipts();
        long accepted = batch.stream().filter(Sent::accepted).count();
        long[] endToEnd = batch.stream().filter(s -> s.accepted() && got.containsKey(s.id))
                .mapToLong(s -> got.get(s.id).receivedNanos() - s.sendNanos).sorted().toArray();
        long[] answers = batch.stream().filter(s -> s.status != 0).mapToLong(s -> s.answerNanos - s.sendNanos).sorted().toArray();
        long over100 = Arrays.stream(endToEnd).filter(v -> v >= 100_000_000L).count();
        if (endToEnd.length > 0) {
            p99Millis = endToEnd[Math.max(0, (int) Math.ceil(0.99 * endToEnd.length) - 1)] / 1e6;
        }

        section("Phase B - latency (" + params.rate + " callbacks/s for " + params.seconds + " s, paced by a scheduler)");
        line("sent              %d in %.2f s  =>  %.1f/s achieved%s", batch.stream().filter(s -> s.status != 0).count(),
                (lastSend - start) / 1e9, (n - 1) / Math.max((lastSend - start) / 1e9, 1e-9), allAnswered ? "" : "  (NOT ALL ANSWERED)");
        line("accepted (202)    %d of %d, not accepted %d %s", accepted, n, n - accepted, statusCounts(batch));
        line("delivered         %d of %d accepted%s", endToEnd.length, accepted,
                complete ? "" : "  (INCOMPLETE after " + params.drainSeconds + " s wait)");
        line("end-to-end        p50 %s  p90 %s  p99 %s  max %s   (send -> simulator receipt; %d of %d >= 100 ms)",
                ms(endToEnd, 0.50), ms(endToEnd, 0.90), ms(endToEnd, 0.99), ms(endToEnd, 1.0), over100, endToEnd.length);
        line("answer time (202) p50 %s  p90 %s  p99 %s  max %s   (send -> 202 answer)",
                ms(answers, 0.50), ms(answers, 0.90), ms(answers, 0.99), ms(answers, 1.0));
        line("during phase B:");
        cpuLines.forEach(l -> report.add("  " + l));
        return batch;
    }

    // --- sending

    private List<Sent> newBatch(String phase, int count) {
        List<Sent> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(new Sent("bench-" + runId + "-" + phase + "-" + i));
        }
        return batch;
    }

    private long sendAsFastAsPossible(List<Sent> batch) throws InterruptedException {
        return sendAsFastAsPossible(batch, new AtomicLong());
    }

    /** @return System.nanoTime() when the last answer came */
    private long sendAsFastAsPossible(List<Sent> batch, AtomicLong answered) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(params.sendSeconds);
        ExecutorService workers = Executors.newFixedThreadPool(params.clients, named("bench-client", true));
        for (int w = 0; w < params.clients; w++) {
            workers.execute(() -> {
                try (KeepAliveClient client = newClient()) {
                    for (int i = next.getAndIncrement(); i < batch.size() && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                        send(batch.get(i), client);
                        answered.incrementAndGet();
                    }
                }
            });
        }
        workers.shutdown();
        if (!workers.awaitTermination(params.sendSeconds + 40L, TimeUnit.SECONDS)) {
            workers.shutdownNow();
            throw new IllegalStateException("clients did not finish within " + params.sendSeconds + " s");
        }
        return batch.stream().mapToLong(s -> s.answerNanos).max().orElse(System.nanoTime());
    }

    private KeepAliveClient newClient() {
        return new KeepAliveClient(callbackUri, "X-Webhook-Secret", SECRET);
    }

    private void send(Sent sent, KeepAliveClient client) {
        long seq = sequence.getAndIncrement();
        String user = String.format(Locale.ROOT, "bench-agent-%04d", seq % params.agents);
        String[] step = CYCLE[(int) ((seq / params.agents) % CYCLE.length)];
        String body = "{\"id\":\"" + sent.id + "\",\"event\":\"" + step[0] + "\",\"user\":\"" + user + "\""
                + (step[1] == null ? "" : ",\"pause\":\"" + step[1] + "\"")
                + ",\"time\":" + System.currentTimeMillis() + "}";
        sent.sendNanos = System.nanoTime();
        int status;
        try {
            status = client.post(body);
        } catch (IOException | RuntimeException e) {
            status = -1;
        }
        sent.answerNanos = System.nanoTime();
        sent.status = status;
    }

    /**
     * Waits, bounded, until the simulator has every accepted event of the batch. Reads the
     * simulator's append-only list incrementally, so that the polling costs little CPU.
     */
    private boolean awaitDelivered(List<Sent> batch, int seconds) throws InterruptedException {
        java.util.Set<String> missing = new java.util.HashSet<>();
        batch.stream().filter(Sent::accepted).forEach(s -> missing.add(s.id));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int scanned = 0;
        while (true) {
            List<ReceivedState> received = simulator.received();
            for (int k = scanned; k < received.size(); k++) {
                missing.remove(received.get(k).eventId());
            }
            scanned = received.size();
            if (missing.isEmpty()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    /** Each event id the simulator received, with its first receipt. */
    private Map<String, ReceivedState> firstReceipts() {
        Map<String, ReceivedState> first = new HashMap<>();
        for (ReceivedState state : simulator.received()) {
            if (state.eventId() != null) {
                first.putIfAbsent(state.eventId(), state);
            }
        }
        return first;
    }

    // --- verdict and report

    private int verdict(List<Sent> all) {
        Map<String, ReceivedState> got = firstReceipts();
        Map<String, Integer> times = new HashMap<>();
        for (ReceivedState state : simulator.received()) {
            if (state.eventId() != null) {
                times.merge(state.eventId(), 1, Integer::sum);
            }
        }
        List<String> lost = all.stream().filter(s -> s.accepted() && !got.containsKey(s.id)).map(s -> s.id).toList();
        long accepted = all.stream().filter(Sent::accepted).count();
        long redelivered = times.values().stream().filter(n -> n > 1).count();
        section("Correctness (warm-up + phase A + phase B)");
        line("accepted (202)    %d", accepted);
        line("lost              %d   (answered 202, never received by the simulator within the bounded waits)", lost.size());
        line("delivered twice+  %d   (at-least-once redeliveries, informational)", redelivered);
        line("simulator         %d update requests, %d states recorded, %d token fetches, %d answered 401",
                simulator.updateRequests(), simulator.received().size(), simulator.tokenFetches(), simulator.unauthorizedAnswers());
        if (!lost.isEmpty()) {
            line("first lost ids    %s", String.join(", ", lost.subList(0, Math.min(10, lost.size()))));
        }
        section("Project targets (informational; the exit code checks only for lost events)");
        line(">= 1000 accepted/s          %s (phase A: %.0f accepted/s, %.0f delivered/s)",
                acceptedPerSecond >= 1000 ? "MET" : "MISSED", acceptedPerSecond, deliveredPerSecond);
        line("p99 < 100 ms at 100/s       %s (phase B p99 end-to-end: %.1f ms%s)", p99Millis < 100 ? "MET" : "MISSED", p99Millis,
                params.rate == 100 ? "" : ", measured at " + params.rate + "/s");
        line("");
        line("RESULT            %s", lost.isEmpty() ? "PASS - no accepted event was lost" : "FAIL - " + lost.size() + " accepted events lost");
        return lost.isEmpty() ? 0 : 1;
    }

    private void header(Path dataDir, double startSeconds) {
        Runtime rt = Runtime.getRuntime();
        section("Daktela -> AristoTelos bridge: callback benchmark, " + Instant.now());
        line("machine           %d available processors, %s, %s", rt.availableProcessors(), cpuModel(), totalMemory());
        line("load average      %.2f (1 min, before the first callback; 2 cores shared with anything else running)",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        line("os                %s %s (%s)", System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        line("jvm               %s %s (java.version %s), max heap %d MiB, GC %s", System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"), System.getProperty("java.version"), rt.maxMemory() / (1024 * 1024),
                String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList()));
        line("jvm arguments     %s", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-Dbench.")).toList());
        line("parameters        count=%d warmup=%d clients=%d agents=%d rate=%d/s seconds=%d drainSeconds=%d sendSeconds=%d logLevel=%s",
                params.count, params.warmup, params.clients, params.agents, params.rate, params.seconds, params.drainSeconds,
                params.sendSeconds, params.logLevel);
        var env = app.getEnvironment();
        line("bridge            started in %.1f s; callback %s; delivery concurrency %s; data dir %s", startSeconds, callbackUri,
                env.getProperty("bridge.delivery.concurrency"), dataDir);
        line("broker            %s", brokerDescription());
        line("jms connections   %s", app.getBeansOfType(jakarta.jms.ConnectionFactory.class).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().getClass().getSimpleName()).toList());
        line("payload           {\"id\":\"<unique>\",\"event\":login|ready|unready+pause lunch|ready|logout,\"user\":\"bench-agent-NNNN\",\"time\":<epoch ms>}, over %d agents",
                params.agents);
    }

    private String brokerDescription() {
        try {
            Class<?> embedded = Class.forName("org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ");
            Object bean = app.getBean(embedded);
            Object server = embedded.getMethod("getActiveMQServer").invoke(bean);
            Object config = server.getClass().getMethod("getConfiguration").invoke(server);
            Class<?> c = config.getClass();
            return "embedded Artemis, journal " + c.getMethod("getJournalType").invoke(config)
                    + ", persistent " + c.getMethod("isPersistenceEnabled").invoke(config)
                    + ", journal-sync non-transactional " + c.getMethod("isJournalSyncNonTransactional").invoke(config)
                    + " / transactional " + c.getMethod("isJournalSyncTransactional").invoke(config)
                    + ", journal buffer timeout " + c.getMethod("getJournalBufferTimeout_NIO").invoke(config) + " ns (NIO) / "
                    + c.getMethod("getJournalBufferTimeout_AIO").invoke(config) + " ns (AIO)";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "(not described: " + e + ")";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("cpu model unknown");
        } catch (IOException | RuntimeException e) {
            return "cpu model unknown";
        }
    }

    private static String totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return (os.getTotalMemorySize() / (1024 * 1024)) + " MiB memory";
        }
        return "memory unknown";
    }

    private static String statusCounts(List<Sent> batch) {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        batch.stream().filter(s -> !s.accepted()).forEach(s -> counts.merge(s.status, 1L, Long::sum));
        if (counts.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((status, n) -> parts.add((status == 0 ? "not sent" : status == -1 ? "I/O error" : "HTTP " + status) + ": " + n));
        return "(" + String.join(", ", parts) + ")";
    }

    /** Nearest-rank percentile in milliseconds. */
    private static String ms(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return "n/a";
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        long v = sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))];
        return String.format(Locale.ROOT, "%.1f ms", v / 1e6);
    }

    private void section(String title) {
        report.add("");
        report.add("== " + title);
    }

    private void line(String format, Object... args) {
        report.add(String.format(Locale.ROOT, format, args));
    }

    private static void progress(String message) {
        System.out.println("[bench] " + message);
        System.out.flush();
    }

    private void writeReport(Path file) throws IOException {
        String text = String.join(System.lineSeparator(), report) + System.lineSeparator();
        System.out.println();
        System.out.print(text);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println("[bench] report written to " + file);
    }

    // --- small helpers

    private static ThreadFactory named(String prefix, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(daemon);
            return t;
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp directory; the OS cleans what is left
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
