package cz.bridge.validate;

import cz.bridge.RawAnswer;
import cz.bridge.simulator.DaktelaSimulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import cz.bridge.daktela.DaktelaClient;

/** The Daktela pauses client against the simulated Daktela API. */
class DaktelaPausesTest {

    private static final String TOKEN = "a1b2c3d4e5f6";

    private DaktelaSimulator daktela;

    @BeforeEach
    void start() throws IOException {
        daktela = new DaktelaSimulator(TOKEN);
    }

    @AfterEach
    void stop() {
        daktela.close();
    }

    private static String[] names(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("p%03d", i)).toArray(String[]::new);
    }

    @Test
    void readsEveryPageUntilTheTotalIsReached() {
        daktela.pauses(names(250));

        List<DaktelaPause> pauses = new DaktelaClient(daktela.url(), TOKEN).pauses();

        assertThat(pauses).hasSize(250).extracting(DaktelaPause::name).containsExactly(names(250));
        assertThat(pauses.get(0).title()).isEqualTo("Pause p001");
        assertThat(daktela.requests()).extracting(DaktelaSimulator.Request::skip, DaktelaSimulator.Request::take)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 100), org.assertj.core.groups.Tuple.tuple(100, 100),
                        org.assertj.core.groups.Tuple.tuple(200, 100));
    }

    @Test
    void aRedirectNamesTheAddressToSetFromTheWholeLocationHowEverLong() throws IOException {
        com.sun.net.httpserver.HttpServer moved = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        moved.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "https://admin:s3cret@new.example.com/" + "x".repeat(500) + "/api/v6/pauses.json");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        moved.start();
        try {
            assertThatThrownBy(() -> new DaktelaClient("http://127.0.0.1:" + moved.getAddress().getPort(), TOKEN).pauses())
                    .hasMessageContaining("redirects (HTTP 302 to https://new.example.com/xxx")
                    .hasMessageContaining("characters in all]): set DAKTELA_URL to the address it redirects to (https://new.example.com)")
                    .hasMessageNotContaining("s3cret").hasMessageNotContaining("admin");
        } finally {
            moved.stop(0);
        }
    }

    @Test
    void advancesByWhatAPageHeldWhenDaktelaCapsThePage() {
        daktela.pauses(names(75)).maxTake(30);

        List<DaktelaPause> pauses = new DaktelaClient(daktela.url(), TOKEN).pauses();

        assertThat(pauses).extracting(DaktelaPause::name).containsExactly(names(75));
        assertThat(daktela.requests()).extracting(DaktelaSimulator.Request::skip).containsExactly(0, 30, 60);
    }

    @Test
    void anExactMultipleOfThePageSizeAndAnEmptyListNeedNoExtraRequest() {
        daktela.pauses(names(200));
        assertThat(new DaktelaClient(daktela.url(), TOKEN).pauses()).hasSize(200);
        assertThat(daktela.requests()).hasSize(2);

        daktela.pauses();
        assertThat(new DaktelaClient(daktela.url(), TOKEN).pauses()).isEmpty();
        assertThat(daktela.requests()).hasSize(3);
    }

    @Test
    void acceptsTheUrlWithATrailingSlashOrWithApiV6() {
        daktela.pauses("lunch");

        assertThat(new DaktelaClient(daktela.url() + "/", TOKEN).pauses()).hasSize(1);
        assertThat(new DaktelaClient(daktela.url() + "/api/v6/", TOKEN).pauses()).hasSize(1);
        assertThat(daktela.requests()).extracting(DaktelaSimulator.Request::path).containsOnly("/api/v6/pauses.json");
    }

    @Test
    void aWrongTokenNamesDaktelaAccessTokenAndNeverShowsTheToken() {
        daktela.pauses("lunch");

        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), "wrong-token-xyz").pauses())
                .isInstanceOf(DaktelaCheckFailed.class)
                .hasMessageContaining("HTTP 401: Invalid access token")
                .hasMessageContaining("set DAKTELA_ACCESS_TOKEN")
                .hasMessageNotContaining("wrong-token-xyz");
    }

    /**
     * A token saved with a byte-order mark, or copied with a zero-width space: Java's HTTP client refused the header quoting
     * the value, and that message went into the log of every reconciliation pass and into readiness.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\uFEFFsecret-tok-123", "secret-tok\u200B-123", "secret-tok-123\u00A0", "secret tok-123"})
    void aTokenNoHeaderCanCarryIsRefusedWithoutShowingIt(String token) {
        daktela.pauses("lunch");

        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), token).pauses())
                .isInstanceOf(DaktelaCheckFailed.class)
                .hasMessageContaining("DAKTELA_ACCESS_TOKEN must be printable ASCII without spaces")
                .hasMessageNotContaining("tok-123").hasMessageNotContaining("tok");
        assertThat(new DaktelaClient(daktela.url(), "\n" + TOKEN + "\r\n").pauses()).as("a secret file's line break is trimmed")
                .hasSize(1);
    }

    @Test
    void anUnreachableHostNamesDaktelaUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> new DaktelaClient("http://127.0.0.1:" + closedPort, TOKEN).pauses())
                .isInstanceOf(DaktelaCheckFailed.class)
                .hasMessageContaining("cannot connect to Daktela at http://127.0.0.1:" + closedPort)
                .hasMessageContaining("check DAKTELA_URL");
    }

    @Test
    void aDaktelaThatDoesNotAnswerInTimeIsReported() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            DaktelaClient client = new DaktelaClient("http://127.0.0.1:" + silent.getLocalPort(), TOKEN,
                    Duration.ofMillis(500), 100);

            assertThatThrownBy(client::pauses).isInstanceOf(DaktelaCheckFailed.class)
                    .hasMessageContaining("did not answer within");
        }
    }

    /**
     * Headers at once, then part of the body, then nothing (a Daktela or a proxy that stalls): the
     * request timeout covers the headers only, so without a deadline of its own the read waited for
     * ever. The stand-in ends by itself: when the client lets go of the connection, or after 20 s.
     */
    @Test
    void anAnswerThatStallsAfterItsHeadersIsReportedAndLetGo() throws Exception {
        try (ServerSocket stalling = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            stalling.setSoTimeout(20_000);
            java.util.concurrent.atomic.AtomicBoolean letGo = new java.util.concurrent.atomic.AtomicBoolean();
            Thread server = new Thread(() -> {
                try (java.net.Socket socket = stalling.accept()) {
                    socket.setSoTimeout(20_000);
                    java.io.InputStream in = socket.getInputStream();
                    if (!RawAnswer.readRequestHead(in)) {
                        return;
                    }
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{\"error\":[],\"result\":{\"data\":[").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    // stalls; a client that gives up closes the connection (read: -1 or reset)
                    try {
                        letGo.set(in.read() < 0);
                    } catch (java.net.SocketException reset) {
                        letGo.set(true);
                    }
                } catch (IOException ended) {
                    // accept or read timed out: the stand-in ends anyway
                }
            }, "stalling-daktela");
            server.setDaemon(true);
            server.start();
            DaktelaClient client = new DaktelaClient("http://127.0.0.1:" + stalling.getLocalPort(), TOKEN, Duration.ofMillis(500), 100);

            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    assertThatThrownBy(client::pauses).isInstanceOf(DaktelaCheckFailed.class)
                            .hasMessageContaining("Daktela at http://127.0.0.1:" + stalling.getLocalPort() + " did not send its whole answer with its pauses within 1 s")
                            .hasMessageContaining("try again later"));
            server.join(5_000);
            assertThat(letGo).as("the client closed the stalled connection").isTrue();
        }
    }

    /**
     * An answer whose head Java's HTTP client refuses quotes it whole in its exception: a header name of 200,000
     * characters made a message as long, in every pass's WARN and in readiness; a Content-Length that is no number
     * threw a runtime exception past every catch of DaktelaCheckFailed (a read-only review of reconciliation).
     */
    @Test
    void anAnswerWithABrokenHeadIsAFailedReadWithItsTextCut() throws Exception {
        for (String head : List.of("HTTP/1.1 200 OK\r\nBad" + "x".repeat(200_000) + " Name: v\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: " + "9".repeat(200_000) + "\r\n\r\n")) {
            try (RawAnswer broken = new RawAnswer(head)) {
                DaktelaClient client = new DaktelaClient("http://127.0.0.1:" + broken.port(), TOKEN, Duration.ofSeconds(5), 100);

                assertThatThrownBy(client::pauses).as(head.substring(0, 30)).isInstanceOf(DaktelaCheckFailed.class)
                        .hasMessageStartingWith("cannot read Daktela's pauses from http://127.0.0.1:" + broken.port())
                        .hasMessageContaining("check DAKTELA_URL")
                        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
            }
        }
    }

    /**
     * A wrong DAKTELA_URL or a proxy may answer with a body that never ends: the client stops reading
     * at its page limit and lets go of the connection, long before its deadline and before the heap
     * fills. The stand-in ends by itself: when the client lets go, after 256 MB, or after 20 s.
     */
    @Test
    void anEndlessAnswerIsCutAtThePageLimitAndLetGo() throws Exception {
        com.sun.net.httpserver.HttpServer endless = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CountDownLatch letGo = new java.util.concurrent.CountDownLatch(1);
        endless.createContext("/", exchange -> {
            byte[] block = "{\"name\":\"p001\",\"title\":\"Pause\"},".repeat(2000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            try (exchange; java.io.OutputStream out = exchange.getResponseBody()) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                out.write("{\"error\":[],\"result\":{\"data\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                while (written.get() < 256L << 20 && System.nanoTime() < until) {
                    out.write(block);
                    written.addAndGet(block.length);
                }
            } catch (IOException closedByTheClient) {
                letGo.countDown();
            }
        });
        endless.start();
        try {
            DaktelaClient client = new DaktelaClient("http://127.0.0.1:" + endless.getAddress().getPort(), TOKEN,
                    Duration.ofSeconds(10), 100);
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(client::pauses).isInstanceOf(DaktelaCheckFailed.class)
                            .hasMessageContaining("Daktela at http://127.0.0.1:" + endless.getAddress().getPort()
                                    + " sent more than 16 MB for one page of 100 pauses")
                            .hasMessageContaining("check DAKTELA_URL"));
            assertThat(letGo.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
            assertThat(written.get()).as("bytes sent before the client let go").isLessThan(64L << 20);
        } finally {
            endless.stop(0);
        }
    }

    /** Read as whole, an answer with more than its total, or a negative one, left later pages unread (a review). */
    @Test
    void anAnswerThatDoesNotAddUpIsAFailedRead() {
        for (String total : List.of("1", "-1")) {
            daktela.answer(200, "{\"error\":[],\"result\":{\"data\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"total\":" + total + "}}");

            assertThatThrownBy(() -> new DaktelaClient(daktela.url(), TOKEN).pauses()).as(total)
                    .isInstanceOf(DaktelaCheckFailed.class)
                    .hasMessageEndingWith("listed 2 pauses against a total of " + total + ": the answer does not add up; the read "
                            + "counts as failed, and nothing is changed on it");
        }
    }

    /** A total no Daktela has (a proxy's, a wrong endpoint's): its pages were kept in the heap until a thousand were read. */
    @Test
    void aTotalNoDaktelaHasFailsTheReadAfterItsFirstPage() {
        daktela.answer(200, "{\"error\":[],\"result\":{\"data\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"total\":999999999}}");

        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), TOKEN).pauses())
                .isInstanceOf(DaktelaCheckFailed.class)
                .hasMessageEndingWith("lists a total of 999999999 pauses, more than the 10000 a read takes (no Daktela instance has "
                        + "that many): check DAKTELA_URL and any proxy between this host and Daktela; nothing was read");
        assertThat(daktela.requests()).as("one page asked for").hasSize(1);
    }

    @Test
    void aNonEmptyErrorInDaktelasEnvelopeIsReported() {
        daktela.answer(200, "{\"error\":[\"Database unavailable\"],\"result\":null}");

        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), TOKEN).pauses())
                .isInstanceOf(DaktelaCheckFailed.class)
                .hasMessageContaining("reported: Database unavailable");
    }

    @Test
    void anErrorObjectOfFieldsIsReportedToo() {
        daktela.answer(400, "{\"error\":{\"take\":[\"must be a number\"]},\"result\":null}");

        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), TOKEN).pauses())
                .hasMessageContaining("HTTP 400 for its pauses: take: must be a number");
    }

    @Test
    void aUrlWithoutDaktelaApiIsA404NamingDaktelaUrl() {
        daktela.answer(404, "<html>Not found</html>");

        assertThatThrownBy(() -> new DaktelaClient(daktela.url() + "/somewhere", TOKEN).pauses())
                .hasMessageContaining("no Daktela API at " + daktela.url() + "/somewhere/api/v6/pauses.json")
                .hasMessageContaining("set DAKTELA_URL");
    }

    @Test
    void anAnswerThatIsNoJsonNamesDaktelaUrl() {
        daktela.answer(200, "<!DOCTYPE html><html><body>Welcome</body></html>");

        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), TOKEN).pauses())
                .hasMessageContaining("is not Daktela's JSON")
                .hasMessageContaining("'<!DOCTYPE html>")
                .hasMessageContaining("DAKTELA_URL");
    }

    @Test
    void aServerErrorSaysTryAgainLater() {
        daktela.answer(503, "");

        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), TOKEN).pauses())
                .hasMessageContaining("HTTP 503").hasMessageContaining("try again later");
        // Daktela's limit on requests is its load too, not a wrong setting (it said to check DAKTELA_URL and the token)
        daktela.answer(429, "{\"error\":[\"Too many requests\"],\"result\":null}");
        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), TOKEN).pauses())
                .hasMessageContaining("HTTP 429").hasMessageContaining("Too many requests").hasMessageContaining("try again later")
                .hasMessageNotContaining("DAKTELA_URL");
    }

    @Test
    void missingOrInvalidSettingsAreNamed() {
        assertThatThrownBy(() -> new DaktelaClient("", "")).isInstanceOf(DaktelaCheckFailed.class)
                .hasMessageContaining("DAKTELA_URL").hasMessageContaining("DAKTELA_ACCESS_TOKEN");
        assertThatThrownBy(() -> new DaktelaClient(null, TOKEN))
                .hasMessageContaining("DAKTELA_URL").hasMessageNotContaining("DAKTELA_ACCESS_TOKEN");
        assertThatThrownBy(() -> new DaktelaClient("https://x.daktela.com", " "))
                .hasMessageContaining("DAKTELA_ACCESS_TOKEN").hasMessageNotContaining("DAKTELA_URL");
        assertThatThrownBy(() -> new DaktelaClient("mycompany.daktela.com", TOKEN))
                .hasMessageContaining("DAKTELA_URL is no http(s) address (it does not begin with http://");
        // the form Daktela's API documentation shows: the token must not be repeated in the message
        assertThatThrownBy(() -> new DaktelaClient("https://x.daktela.com/api/v6/realtimeSessions.json?accessToken=abc123", TOKEN))
                .hasMessageContaining("it has a query or fragment").hasMessageNotContaining("abc123");
        // the access token is the bridge's login; a user and password here reached the messages built from the address
        assertThatThrownBy(() -> new DaktelaClient("https://reader:pw4711@x.daktela.com", TOKEN))
                .hasMessageContaining("DAKTELA_URL is no http(s) address (it carries a user and password").hasMessageNotContaining("pw4711");
        // the same reading as ARISTOTELOS_URL's: a query would end up in front of the API path
        assertThatThrownBy(() -> new DaktelaClient("https://x.daktela.com/?lang=cs", TOKEN))
                .hasMessageContaining("it has a query or fragment");
    }
}
