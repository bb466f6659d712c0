package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import cz.bridge.simulator.AristotelosSimulator;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.TestSocketUtils;

/**
 * A real full disk: the bridge's data directory is a 64 MiB tmpfs of its own, and the test fills
 * it to the last byte under the running bridge. Callbacks are then answered 503 with the reason,
 * the events accepted before stay in the journal, and once the filler is deleted the bridge takes
 * callbacks again by itself; every accepted event reaches AristoTelos, each agent's in order.
 * Mounting needs root (CI and the development machine run as root); elsewhere the test is skipped
 * and says why.
 */
class DiskFullIT {

    private static final int AGENTS = 5;

    @TempDir
    Path work;

    private Path disk;
    private boolean mounted;
    private AristotelosSimulator aristotelos;
    private BridgeProcess bridge;

    @BeforeEach
    void smallDiskOfItsOwn() throws Exception {
        disk = Files.createDirectories(work.resolve("small-disk"));
        Command mount = Command.run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString());
        assumeTrue(mount.ok(), "a tmpfs cannot be mounted here (needs root): " + mount.output());
        mounted = true;
        aristotelos = new AristotelosSimulator(TestSocketUtils.findAvailableTcpPort(), "it-client", "it-client-secret",
                Duration.ofHours(1), List.of("*"), Clock.systemUTC());
        aristotelos.logStates(false);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (aristotelos != null) {
            aristotelos.close();
        }
        if (mounted) {
            Command.run("umount", "-l", disk.toString());
        }
    }

    @Test
    void fullDiskIs503WithTheReasonAndTheBridgeRecoversWhenSpaceIsFreed() throws Exception {
        Path data = Files.createDirectories(disk.resolve("data"));
        bridge = new BridgeProcess(data, aristotelos.baseUrl(), Map.of(
                "BRIDGE_STORAGE_MIN_FREE", "16MB",
                "BRIDGE_STORAGE_BROKER_RESTART_INTERVAL", "1s")).start();

        // AristoTelos is down: what is accepted stays in the journal on the small disk
        for (int step = 0; step < 4; step++) {
            for (int a = 0; a < AGENTS; a++) {
                assertThat(bridge.post(event(a, step))).as("accepted before the disk filled up").isEqualTo(202);
            }
        }

        Path filler = disk.resolve("filler");
        long written = fillToTheLastByte(filler);
        assertThat(Files.getFileStore(disk).getUsableSpace()).as("the disk is full (%d bytes of filler)", written)
                .isLessThan(1024 * 1024);

        // the sender is told what happens, not the journal's path and free bytes (the port faces the internet); readiness tells the operator
        assertThat(refusedWhileTheDiskIsFull(event(0, 4)).body()).contains("could not be stored")
                .contains("the disk of the bridge's store is full").doesNotContain(data.toString()).doesNotContain(" MB");
        for (int a = 1; a < AGENTS; a++) {
            HttpResponse<String> answer = bridge.send(event(a, 4));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        }
        assertThat(bridge.alive()).isTrue();
        HttpResponse<String> readiness = bridge.readiness();
        assertThat(readiness.statusCode()).as("not ready while callbacks cannot be stored: %s", readiness.body()).isEqualTo(503);
        assertThat(readiness.body()).contains("OUT_OF_SERVICE").contains("free on the disk of").contains("BRIDGE_STORAGE_MIN_FREE");

        Files.delete(filler);
        // taken again without a restart; Daktela's resends of the refused events are new events
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> bridge.post(event(0, 4)) != 503);
        for (int a = 1; a < AGENTS; a++) {
            assertThat(bridge.post(event(a, 4))).isEqualTo(202);
        }
        for (int step = 5; step < 8; step++) {
            for (int a = 0; a < AGENTS; a++) {
                assertThat(bridge.post(event(a, step))).isEqualTo(202);
            }
        }

        HttpResponse<String> ready = bridge.readiness(); // AristoTelos still down: DEGRADED, which is ready
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).doesNotContain("free on the disk of");
        aristotelos.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> allAgents().allMatch(a -> eventIdsOf(a).size() >= 8));
        for (int a = 0; a < AGENTS; a++) {
            assertThat(eventIdsOf(a)).as("agent %d: every accepted event, in Daktela's order", a).isEqualTo(expected(a, 8));
        }
        assertThat(Files.readString(bridge.log())).contains("answered 503");
    }

    /**
     * A volume of its own mounted at BRIDGE_DATA_DIR/artemis (where the embedded broker writes), BRIDGE_DATA_DIR itself on
     * a roomy disk: the free space watched is the journal's. Read from BRIDGE_DATA_DIR, callbacks passed the check and met
     * the broker's own block (at half the minimum), held with no answer.
     */
    @Test
    void aDiskOfItsOwnForTheBrokersDirectoryIsTheOneWatched() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.createSymbolicLink(data.resolve("artemis"), disk); // as a mount there would: statvfs answers for the small disk
        assertThat(Files.getFileStore(data).getUsableSpace()).as("BRIDGE_DATA_DIR's own disk has room")
                .isGreaterThan(256L * 1024 * 1024);
        bridge = new BridgeProcess(data, aristotelos.baseUrl(), Map.of(
                "BRIDGE_STORAGE_MIN_FREE", "16MB",
                "BRIDGE_STORAGE_BROKER_RESTART_INTERVAL", "1s")).start();
        for (int a = 0; a < AGENTS; a++) {
            assertThat(bridge.post(event(a, 0))).isEqualTo(202);
        }

        Path filler = disk.resolve("filler");
        fillToTheLastByte(filler);
        assertThat(refusedWhileTheDiskIsFull(event(0, 1)).body()).contains("could not be stored");
        assertThat(bridge.readiness().body()).contains("free on the disk of " + data.resolve("artemis").toAbsolutePath().normalize());

        Files.delete(filler);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> bridge.post(event(0, 1)) != 503);
        for (int a = 1; a < AGENTS; a++) {
            assertThat(bridge.post(event(a, 1))).isEqualTo(202);
        }
        aristotelos.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> allAgents().allMatch(a -> eventIdsOf(a).size() >= 2));
        for (int a = 0; a < AGENTS; a++) {
            assertThat(eventIdsOf(a)).as("agent %d: every accepted event, in Daktela's order", a).isEqualTo(expected(a, 2));
        }
    }

    /** The first 503 for the callback, sent again until the disk check (every second) refuses it. */
    private HttpResponse<String> refusedWhileTheDiskIsFull(String callback) {
        List<HttpResponse<String>> refused = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> answer = bridge.send(callback);
            if (answer != null && answer.statusCode() == 503) {
                refused.add(answer);
                return true;
            }
            assertThat(answer).as("the bridge answers while the disk is full").isNotNull();
            assertThat(answer.statusCode()).as(answer.body()).isIn(202, 200); // taken before the check noticed
            return false;
        });
        return refused.get(0);
    }

    private static long fillToTheLastByte(Path filler) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1024 * 1024);
        long written = 0;
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < 1024; i++) { // 64 MiB disk: bounded well above its size
                chunk.clear();
                written += out.write(chunk);
            }
            throw new IllegalStateException("a 64 MiB tmpfs took 1 GiB");
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
            return written; // full
        }
    }

    private java.util.stream.Stream<Integer> allAgents() {
        return java.util.stream.IntStream.range(0, AGENTS).boxed();
    }

    private static String user(int agent) {
        return "disk-agent-" + agent;
    }

    private static String event(int agent, int step) {
        String[] kinds = {"login", "ready", "unready", "ready", "unready", "ready", "unready", "logout"};
        String kind = kinds[step];
        return "{\"id\":\"" + user(agent) + "-" + step + "\",\"event\":\"" + kind + "\",\"user\":\"" + user(agent) + "\""
                + (kind.equals("unready") ? ",\"pause\":\"lunch\"" : "") + ",\"time\":" + (1_795_507_200L + step * 10L) + "}";
    }

    private List<String> eventIdsOf(int agent) {
        return new ArrayList<>(new LinkedHashSet<>(aristotelos.receivedFor(user(agent)).stream().map(ReceivedState::eventId).toList()));
    }

    private static List<String> expected(int agent, int count) {
        List<String> ids = new ArrayList<>();
        for (int step = 0; step < count; step++) {
            ids.add(user(agent) + "-" + step);
        }
        return ids;
    }

    /** A system command, bounded in time, with its output. */
    private record Command(boolean ok, String output) {
        static Command run(String... command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            if (!done) {
                // ended first: reading the output of a command that hangs would hang too
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return new Command(done && p.exitValue() == 0, output);
        }
    }
}
