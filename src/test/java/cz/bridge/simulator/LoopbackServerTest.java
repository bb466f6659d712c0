package cz.bridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The simulators answer at once on 127.0.0.1 without a JVM-wide setting: no answer waits for the
 * client's delayed ACK (40 ms on Linux, which the JDK's HttpServer needed sun.net.httpserver.nodelay
 * to avoid), and an outage frees the port until the simulator starts again.
 */
class LoopbackServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private long medianMillis(int requests, HttpRequest request, int status) throws Exception {
        List<Long> took = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            took.add((System.nanoTime() - start) / 1_000_000);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        }
        return took.stream().sorted().toList().get(requests / 2);
    }

    @Test
    void theAristotelosSimulatorAnswersAtOnceWithoutAJvmWideSetting() throws Exception {
        try (AristotelosSimulator simulator = new AristotelosSimulator(0, "c", "s", Duration.ofHours(1), List.of("*"),
                Clock.systemUTC())) {
            simulator.start();
            HttpRequest token = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=c&client_secret=s")).build();
            assertThat(medianMillis(40, token, 200)).as("median answer time, ms (a delayed ACK is 40)").isLessThan(25);
            assertThat(System.getProperty("sun.net.httpserver.nodelay")).isNull();
        }
    }

    @Test
    void theDaktelaSimulatorAnswersAtOnce() throws Exception {
        try (DaktelaSimulator daktela = new DaktelaSimulator("t").pauses("lunch")) {
            HttpRequest pauses = HttpRequest.newBuilder(URI.create(daktela.url() + "/api/v6/pauses.json?accessToken=t")).build();
            assertThat(medianMillis(40, pauses, 200)).as("median answer time, ms").isLessThan(25);
            HttpRequest unknown = HttpRequest.newBuilder(URI.create(daktela.url() + "/api/v6/nothing.json")).build();
            assertThat(http.send(unknown, HttpResponse.BodyHandlers.ofString()).body()).contains("Not found");
        }
    }

    @Test
    void anOutageFreesThePortAndAStartTakesItAgain() throws Exception {
        try (AristotelosSimulator simulator = new AristotelosSimulator(0, "c", "s", Duration.ofHours(1), List.of("*"),
                Clock.systemUTC())) {
            simulator.start();
            int port = simulator.port();
            simulator.stop();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(ConnectException.class);
            simulator.start();
            assertThat(simulator.port()).isEqualTo(port);
            new Socket(InetAddress.getLoopbackAddress(), port).close();
        }
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> outside = NetworkInterface.networkInterfaces().filter(n -> !isLoopback(n))
                .flatMap(NetworkInterface::inetAddresses).filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
        Assumptions.assumeTrue(outside.isPresent(), "this machine has no address but loopback to try the simulator's port on");
        try (DaktelaSimulator daktela = new DaktelaSimulator("t")) {
            assertThatThrownBy(() -> new Socket(outside.get(), daktela.port()).close()).isInstanceOf(ConnectException.class);
            new Socket(InetAddress.getLoopbackAddress(), daktela.port()).close();
        }
    }

    private static boolean isLoopback(NetworkInterface n) {
        try {
            return n.isLoopback();
        } catch (java.net.SocketException e) {
            return true;
        }
    }
}
