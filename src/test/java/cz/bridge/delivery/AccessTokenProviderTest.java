package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import cz.bridge.TestClock;
import cz.bridge.config.BridgeProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** OAuth2 client-credentials tokens against a token endpoint of the test's own on loopback, on a clock the test moves. */
class AccessTokenProviderTest {

    private static final Duration REFUSAL_PAUSE = Duration.ofSeconds(30);

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final AtomicInteger issued = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile long expiresIn = 60;
    /** The token endpoint's whole answer to a 200, when set. */
    private volatile String tokenAnswer;
    private volatile Duration answerDelay = Duration.ZERO;
    /** When set, the endpoint answers only once it is counted down (after answerDelay). */
    private volatile CountDownLatch answerGate;
    private HttpServer server;
    private ExecutorService serverThreads;
    private AccessTokenProvider tokens;

    private BridgeProperties.Aristotelos aristotelos(boolean basicAuth) {
        return new BridgeProperties.Aristotelos("http://127.0.0.1:" + server.getAddress().getPort() + "/", "", "bridge",
                "s&cret", basicAuth, Duration.ofSeconds(10), Duration.ofSeconds(10), REFUSAL_PAUSE);
    }

    @BeforeEach
    void tokenEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/oauth/token", exchange -> {
            try (exchange) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                        + (auth == null ? "" : " | " + auth));
                Thread.sleep(answerDelay.toMillis());
                CountDownLatch gate = answerGate;
                if (gate != null) {
                    gate.await(10, TimeUnit.SECONDS);
                }
                String token = status == 200 ? "t" + issued.incrementAndGet() : null;
                byte[] body = (status != 200 ? "{\"error\":\"invalid_client\"}" : tokenAnswer != null ? tokenAnswer.replace("$token", token)
                        : "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        tokens = new AccessTokenProvider(aristotelos(false), HttpClient.newHttpClient(), new ObjectMapper(), clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    /**
     * An AristoTelos answer that echoes the request is kept on a parked event and logged: the token in use, any bearer
     * token (one renewed or dropped since the request, one whose '/' a JSON echo wrote as '\\/') and the client secret
     * are put out of sight; the rest stays.
     */
    @Test
    void anAnswerIsShownWithoutTokensOrTheClientSecret() {
        String inUse = tokens.authorization().substring("Bearer ".length());
        assertThat(tokens.withoutSecrets("{\"headers\":\"Authorization: Bearer " + inUse + "\", \"client_secret\":\"s&cret\"}"))
                .isEqualTo("{\"headers\":\"Authorization: Bearer ***\", \"client_secret\":\"***\"}");
        assertThat(tokens.withoutSecrets("token " + inUse + " refused")).isEqualTo("token *** refused");
        assertThat(tokens.withoutSecrets("authorization: bearer eyJhbGciOi.J9\\/x-y_z~+1== was renewed"))
                .isEqualTo("authorization: bearer *** was renewed");
        assertThat(tokens.withoutSecrets("no employee with external id 2 'jnovak'")).isEqualTo("no employee with external id 2 'jnovak'");
        assertThat(tokens.withoutSecrets(null)).isNull();
    }

    @Test
    void tokenIsFetchedOnceAndReused() {
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        assertThat(tokens.fetches()).isEqualTo(1);
        assertThat(requests).containsExactly("grant_type=client_credentials&client_id=bridge&client_secret=s%26cret");
        assertThat(tokens.lastSuccess()).isEqualTo(clock.instant());
        assertThat(tokens.lastFailure()).isNull();
    }

    /** Each form-encoded before they are joined (RFC 6749 2.3.1): a server that decodes them read a secret's '+' as a space. */
    @Test
    void credentialsGoAsBasicAuthWhenAskedTo() {
        tokens = new AccessTokenProvider(new BridgeProperties.Aristotelos("http://127.0.0.1:" + server.getAddress().getPort(), "",
                "bridge:1", "s&c+r%t", true, Duration.ofSeconds(10), Duration.ofSeconds(10), REFUSAL_PAUSE),
                HttpClient.newHttpClient(), new ObjectMapper(), clock);
        tokens.authorization();
        assertThat(requests).containsExactly("grant_type=client_credentials | Basic "
                + Base64.getEncoder().encodeToString("bridge%3A1:s%26c%2Br%25t".getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * An expires_in out of reason is read as an hour: a huge one made the expiry time overflow outside NoToken (every
     * event parked as an internal error), 0 or less had every delivery fetch a token of its own.
     */
    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999", "1e300", "-5", "0", "\"soon\"", "null", "99999999999999999999999"})
    void anExpiresInOutOfReasonIsReadAsAnHour(String expiresInJson) {
        tokenAnswer = "{\"access_token\":\"$token\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresInJson + "}";
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        clock.advance(Duration.ofMinutes(59));
        assertThat(tokens.authorization()).as("still the first, an hour less the margin").isEqualTo("Bearer t1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.authorization()).isEqualTo("Bearer t2");
    }

    @Test
    void anExpiresInAsTextIsRead() {
        tokenAnswer = "{\"access_token\":\"$token\",\"expires_in\":\"120\"}";
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        clock.advance(Duration.ofSeconds(109));
        assertThat(tokens.authorization()).as("renewed 10 s (the margin) before it ends").isEqualTo("Bearer t1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(tokens.authorization()).isEqualTo("Bearer t2");
    }

    /** It would have gone into the Authorization header of every request. */
    @ParameterizedTest
    @ValueSource(strings = {"a b", "a\\r\\nX-Injected: 1", "tok\\u00e9n"})
    void anAccessTokenThatIsNoBearerTokenIsNoToken(String tokenJson) {
        tokenAnswer = "{\"access_token\":\"" + tokenJson + "\",\"expires_in\":60}";
        assertThatThrownBy(tokens::authorization).isInstanceOf(AccessTokenProvider.NoToken.class)
                .hasMessageContaining("answered an access_token that is no bearer token");
    }

    /**
     * 16 deliveries asking for the token at once, all there before the endpoint's first answer: what each got. The
     * endpoint answers once the fetch has reached it and every caller waits (a 300 ms delay assumed all would arrive
     * within it: on a loaded machine a late one fetched again, or reused the token, and the shared fetch went untested).
     */
    private List<String> sixteenCallersAtOnce() throws Exception {
        answerGate = new CountDownLatch(1);
        int before = requests.size();
        int callers = 16;
        List<Thread> callerThreads = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(callers, task -> {
            Thread thread = new Thread(task, "token-caller");
            callerThreads.add(thread);
            return thread;
        });
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger asking = new AtomicInteger();
            List<Future<String>> got = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                got.add(pool.submit(() -> {
                    start.await();
                    asking.incrementAndGet();
                    try {
                        return tokens.authorization();
                    } catch (AristotelosUnavailable e) {
                        return "failed: " + e.getMessage();
                    }
                }));
            }
            start.countDown();
            // every caller asking, and either all answered without a fetch (the refusal's pause) or the fetch at the
            // endpoint and every caller waiting
            await().atMost(Duration.ofSeconds(10)).until(() -> asking.get() == callers && (got.stream().allMatch(Future::isDone)
                    || requests.size() > before && callerThreads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                            || t.getState() == Thread.State.BLOCKED || t.getState() == Thread.State.TIMED_WAITING)));
            answerGate.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : got) {
                results.add(f.get(10, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void callersWaitingAtOnceShareOneFetch() throws Exception {
        assertThat(sixteenCallersAtOnce()).containsOnly("Bearer t1");
        assertThat(tokens.fetches()).isEqualTo(1);
        assertThat(requests).hasSize(1);
    }

    /**
     * "Fetched once however many deliveries wait for it" (the single flight of README.md's "Token") also when the fetch fails: each caller
     * that had waited for it fetched again after it, one after another (16 requests, the last caller held 16
     * answers long; with a token endpoint that does not answer, 20 deliveries × the 10 s timeout).
     */
    @Test
    void callersWaitingAtOnceShareOneFailedFetch() throws Exception {
        status = 503;
        assertThat(sixteenCallersAtOnce()).containsOnly("failed: the token endpoint " + aristotelos(false).effectiveTokenUrl()
                + " answered HTTP 503");
        assertThat(requests).hasSize(1);
        status = 200;
        assertThat(tokens.authorization()).as("a caller after the failure fetches again").isEqualTo("Bearer t1");
    }

    @Test
    void tokenIsRenewedTheMarginBeforeItExpires() {
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        clock.advance(Duration.ofSeconds(49)); // 60 s lifetime, 10 s margin
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.authorization()).as("renewed 10 s before expiry, not after").isEqualTo("Bearer t2");
        assertThat(tokens.fetches()).isEqualTo(2);
    }

    /**
     * Found by a concurrency review: from the margin before expiry every caller waited on the renewal (up to twice the
     * timeout with a slow token endpoint) and all of them failed with it, though the token in hand was good.
     */
    @Test
    void whileOneCallerRenewsTheTokenTheOthersGoOnWithTheOneInHand() throws Exception {
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        clock.advance(Duration.ofSeconds(50)); // in the margin: 10 s left
        answerGate = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<String> renewed = callers.submit(tokens::authorization);
            await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() == 2);
            // the renewal's answer is held until the gate opens: a caller waiting on it would not return at all
            Future<String> other = callers.submit(tokens::authorization);
            assertThat(other.get(5, TimeUnit.SECONDS)).as("the token in hand, still good, while the renewal waits").isEqualTo("Bearer t1");
            assertThat(renewed).isNotDone();
            answerGate.countDown();
            assertThat(renewed.get(10, TimeUnit.SECONDS)).isEqualTo("Bearer t2");
        } finally {
            answerGate.countDown();
            callers.shutdownNow();
        }
        assertThat(tokens.authorization()).isEqualTo("Bearer t2");
        assertThat(tokens.fetches()).isEqualTo(2);
    }

    @Test
    void aRenewalThatFailsLeavesTheTokenInHandUntilItExpiresTriedAgainEveryFewSeconds() {
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        clock.advance(Duration.ofSeconds(50));
        status = 503;
        assertThat(tokens.authorization()).as("the renewal failed, the token is good for 10 s more").isEqualTo("Bearer t1");
        assertThat(tokens.lastFailure()).contains("answered HTTP 503");
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        assertThat(requests).as("not asked again at once").hasSize(2);
        clock.advance(Duration.ofSeconds(5));
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        assertThat(requests).as("asked again after 5 s").hasSize(3);
        clock.advance(Duration.ofSeconds(5)); // expired
        assertThatThrownBy(tokens::authorization).isInstanceOf(AccessTokenProvider.NoToken.class).hasMessageContaining("answered HTTP 503");
        status = 200;
        assertThat(tokens.authorization()).isEqualTo("Bearer t2");
        assertThat(tokens.lastFailure()).isNull();
    }

    @Test
    void aTokenDroppedAfterA401IsNotServedInTheMargin() {
        String first = tokens.authorization();
        clock.advance(Duration.ofSeconds(50));
        tokens.invalidate(first);
        assertThat(tokens.authorization()).isEqualTo("Bearer t2");
    }

    /**
     * AristoTelos refused the token in hand (a 401 dropped it) while its renewal was under way, and the renewal failed:
     * the renewing caller went on with the refused token (a review of this change). It fails with the renewal's failure.
     */
    @Test
    void aRenewalThatFailsAfterA401DroppedTheTokenServesItNoMore() throws Exception {
        String first = tokens.authorization();
        clock.advance(Duration.ofSeconds(50));
        status = 503;
        answerDelay = Duration.ofSeconds(2);
        ExecutorService renewer = Executors.newSingleThreadExecutor();
        try {
            Future<String> renewal = renewer.submit(() -> {
                try {
                    return tokens.authorization();
                } catch (AristotelosUnavailable e) {
                    return "failed: " + e.getMessage();
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() == 2);
            tokens.invalidate(first);
            assertThat(renewal.get(10, TimeUnit.SECONDS)).isEqualTo("failed: the token endpoint "
                    + aristotelos(false).effectiveTokenUrl() + " answered HTTP 503");
        } finally {
            renewer.shutdownNow();
        }
    }

    @Test
    void marginIsAtMostHalfTheLifetime() {
        expiresIn = 8; // a 10 s margin would renew before every request
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        clock.advance(Duration.ofSeconds(3));
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.authorization()).isEqualTo("Bearer t2");
    }

    @Test
    void invalidatedTokenIsReplacedOnTheNextCall() {
        String first = tokens.authorization();
        tokens.invalidate(first);
        assertThat(tokens.authorization()).isEqualTo("Bearer t2");
        assertThat(tokens.fetches()).isEqualTo(2);
    }

    @Test
    void invalidatingAnOlderTokenKeepsTheRenewedOne() {
        String first = tokens.authorization();
        tokens.invalidate(first);
        String second = tokens.authorization();
        tokens.invalidate(first); // a second delivery's 401 for the same old token
        tokens.invalidate(null);
        assertThat(tokens.authorization()).isEqualTo(second);
        assertThat(tokens.fetches()).isEqualTo(2);
    }

    @Test
    void refusedCredentialsSayWhatToCheckUntilATokenComes() {
        status = 401;
        assertThatThrownBy(tokens::authorization).isInstanceOf(AristotelosUnavailable.class)
                .hasMessageContaining("refused the client credentials (HTTP 401");
        assertThat(tokens.lastFailure()).contains("ARISTOTELOS_CLIENT_ID");
        assertThat(tokens.lastSuccess()).isNull();
        status = 200;
        // the credentials were corrected at the identity provider: asked again after the pause a refusal earns
        assertThatThrownBy(tokens::authorization).hasMessageContaining("refused the client credentials (HTTP 401");
        clock.advance(REFUSAL_PAUSE);
        assertThat(tokens.authorization()).as("a failure is not cached").isEqualTo("Bearer t1");
        assertThat(tokens.lastFailure()).isNull();
    }

    /**
     * Wrong credentials, 20 deliveries retrying: the token endpoint was asked at every try, and an identity provider may
     * lock a client out for that. After a refusal it is asked again only after a pause, growing while the refusals go
     * on; the deliveries meanwhile fail at once, with the refusal's words.
     */
    @Test
    void refusedCredentialsAreNotAskedForAgainDuringAGrowingPause() throws Exception {
        status = 401;
        assertThatThrownBy(tokens::authorization).isInstanceOf(AristotelosUnavailable.class);
        assertThat(sixteenCallersAtOnce()).allMatch(r -> r.startsWith("failed: AristoTelos refused the client credentials (HTTP 401")
                && r.contains("check ARISTOTELOS_CLIENT_ID"));
        assertThat(requests).as("token requests during the first pause").hasSize(1);
        long[] pauses = {30, 60, 120, 240, 300, 300};
        for (int i = 0; i < pauses.length; i++) {
            clock.advance(Duration.ofSeconds(pauses[i] - 1));
            assertThatThrownBy(tokens::authorization).hasMessageContaining("refused the client credentials");
            assertThat(requests).as("a second before the end of pause %d", i + 1).hasSize(i + 1);
            clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(tokens::authorization).hasMessageContaining("refused the client credentials");
            assertThat(requests).as("at the end of pause %d", i + 1).hasSize(i + 2);
        }
        status = 200;
        clock.advance(Duration.ofSeconds(300));
        assertThat(tokens.authorization()).isEqualTo("Bearer t1");
        tokens.invalidate("Bearer t1");
        status = 401;
        assertThatThrownBy(tokens::authorization).hasMessageContaining("refused the client credentials");
        clock.advance(REFUSAL_PAUSE);
        assertThatThrownBy(tokens::authorization).hasMessageContaining("refused the client credentials");
        assertThat(requests).as("after a token, the pause starts again at its first length").hasSize(pauses.length + 4);
    }

    /** A failing token endpoint was logged at every try of every delivery: now once, and again when the failure changes. */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aTokenFailureIsLoggedOnceUntilItChanges(CapturedOutput output) throws Exception {
        status = 503;
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(tokens::authorization).isInstanceOf(AristotelosUnavailable.class);
        }
        sixteenCallersAtOnce();
        status = 401;
        assertThatThrownBy(tokens::authorization).isInstanceOf(AristotelosUnavailable.class);
        clock.advance(REFUSAL_PAUSE);
        assertThatThrownBy(tokens::authorization).isInstanceOf(AristotelosUnavailable.class);
        sixteenCallersAtOnce();
        assertThat(requests).as("token requests").hasSizeGreaterThanOrEqualTo(8);
        assertThat(output.getOut().lines().filter(l -> l.contains("Token request failed")).toList()).satisfiesExactly(
                l -> assertThat(l).contains(" WARN ").endsWith("Token request failed: the token endpoint "
                        + aristotelos(false).effectiveTokenUrl() + " answered HTTP 503"),
                l -> assertThat(l).contains(" WARN ").contains("AristoTelos refused the client credentials (HTTP 401")
                        .endsWith("; the token endpoint is not asked again for 30 s (deliveries wait in the queue; a restart asks at once)"));
        status = 200;
        clock.advance(Duration.ofMinutes(1));
        tokens.authorization();
        status = 503;
        tokens.invalidate("Bearer t1");
        assertThatThrownBy(tokens::authorization).isInstanceOf(AristotelosUnavailable.class);
        assertThat(output.getOut().lines().filter(l -> l.contains("Token request failed")))
                .as("the same failure again after a token came: news again").hasSize(3);
    }

    /** A token endpoint that is not there: what happened, not the exception's class ("java.net.ConnectException" and nothing more). */
    @Test
    void aTokenEndpointThatRefusesTheConnectionIsNamedSo() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        AccessTokenProvider nowhere = new AccessTokenProvider(new BridgeProperties.Aristotelos("http://127.0.0.1:" + closedPort, "",
                "bridge", "s&cret", false, Duration.ofSeconds(10), Duration.ofSeconds(10), REFUSAL_PAUSE),
                HttpClient.newHttpClient(), new ObjectMapper(), clock);
        assertThatThrownBy(nowhere::authorization).isInstanceOf(AristotelosUnavailable.class).hasMessage("cannot reach the token "
                + "endpoint http://127.0.0.1:" + closedPort + "/oauth/token: connection refused");
    }

    /** Camel's consoles showed ARISTOTELOS_URL's user and password; the token address is refused alike, without repeating it. */
    @Test
    void aTokenUrlWithAPasswordIsRefused() {
        int port = server.getAddress().getPort();
        assertThatThrownBy(() -> new BridgeProperties.Aristotelos("http://127.0.0.1:" + port, "http://u:urlpw321@127.0.0.1:" + port
                + "/oauth/token", "bridge", "s&cret", false, Duration.ofSeconds(10), Duration.ofSeconds(10), REFUSAL_PAUSE))
                .hasMessageContaining("ARISTOTELOS_TOKEN_URL is no http(s) address: it carries a user and password")
                .hasMessageNotContaining("urlpw321");
    }

    @Test
    void otherAnswersAndNoAnswerMakeAristotelosUnavailable() {
        status = 503;
        assertThatThrownBy(tokens::authorization).isInstanceOf(AristotelosUnavailable.class).hasMessageContaining("answered HTTP 503");
        server.removeContext("/oauth/token");
        server.createContext("/oauth/token", exchange -> exchange.close()); // the connection closed without an answer
        assertThatThrownBy(tokens::authorization).isInstanceOf(AristotelosUnavailable.class)
                .hasMessageContaining("cannot reach the token endpoint");
        assertThat(tokens.lastFailure()).contains("cannot reach");
    }

    /**
     * Whatever ARISTOTELOS_TOKEN_URL reaches (a wrong address, a proxy) may answer with hundreds of MB: java.net.http
     * read them whole into the heap. The fetch stops reading after 1 MB, says what to check, and closes the connection.
     */
    @Test
    void aHugeTokenAnswerIsCutAndNamed() throws Exception {
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        server.createContext("/huge", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked, no length to go by
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try (var body = exchange.getResponseBody()) {
                for (int i = 0; i < 4096; i++) { // 256 MB at most
                    body.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException closedByTheBridge) {
                // what is being tested: a client that only stopped reading leaves the write blocked, not failed
                closed.set(true);
            }
        });
        int port = server.getAddress().getPort();
        AccessTokenProvider huge = new AccessTokenProvider(new BridgeProperties.Aristotelos("http://127.0.0.1:" + port,
                "http://127.0.0.1:" + port + "/huge", "bridge", "s&cret", false, Duration.ofSeconds(10), Duration.ofSeconds(1), REFUSAL_PAUSE),
                HttpClient.newHttpClient(), new ObjectMapper(), clock);
        assertThatThrownBy(huge::authorization).isInstanceOf(AristotelosUnavailable.class)
                .hasMessage("the token endpoint http://127.0.0.1:" + port + "/huge sent more than 1 MB (no token answer is that "
                        + "large; the bridge stopped reading it): check ARISTOTELOS_TOKEN_URL and any proxy between this host and AristoTelos");
        await().atMost(Duration.ofSeconds(10)).until(() -> written.get() > 0);
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            boolean still = written.get() == last[0];
            last[0] = written.get();
            return still;
        });
        assertThat(last[0]).as("bytes written before the bridge closed the connection").isLessThan(64L << 20);
        await().atMost(Duration.ofSeconds(20)).untilTrue(closed);
    }

    /**
     * A head Java's HTTP client refuses (a wrong port's service, a broken gateway) is quoted whole in its exception, up to
     * 384 KB: that went into the WARN line, readiness and the status page (a read-only review of the delivery).
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aTokenAnswerWithABrokenHeadIsNamedWithItsTextCut(CapturedOutput output) throws Exception {
        for (String head : List.of("x".repeat(200_000) + "\r\n\r\n", "HTTP/1.1 200 OK\r\nBad" + "y".repeat(200_000) + " Name: v\r\n\r\n")) {
            try (cz.bridge.RawAnswer broken = new cz.bridge.RawAnswer(head)) {
                String tokenUrl = "http://127.0.0.1:" + broken.port() + "/oauth/token";
                AccessTokenProvider tokens = new AccessTokenProvider(new BridgeProperties.Aristotelos("http://127.0.0.1:" + broken.port(),
                        tokenUrl, "bridge", "s&cret", false, Duration.ofSeconds(5), Duration.ofSeconds(1), REFUSAL_PAUSE),
                        HttpClient.newHttpClient(), new ObjectMapper(), clock);

                assertThatThrownBy(tokens::authorization).as(head.substring(0, 30)).isInstanceOf(AristotelosUnavailable.class)
                        .hasMessageStartingWith("cannot reach the token endpoint " + tokenUrl + ": ")
                        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
                assertThat(tokens.lastFailure()).hasSizeLessThan(500);
            }
        }
        assertThat(output.getAll().lines().filter(line -> line.contains("Token request failed"))).hasSize(2)
                .allSatisfy(line -> assertThat(line).hasSizeLessThan(1000));
    }

    /**
     * A token endpoint that sends its headers and then no more of its body (a half-dead proxy): the request timeout
     * covers the headers only, and the fetch held the lock every delivery waits on for ever. Found by a concurrency review.
     */
    @Test
    void aTokenAnswerThatStallsAfterItsHeadersFailsWithinTwiceTheTimeoutForEveryCaller() throws Exception {
        AtomicInteger stalls = new AtomicInteger();
        server.createContext("/stall", exchange -> {
            stalls.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 200);
            exchange.getResponseBody().write("{\"access_token\":\"t1\",".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(60_000); // the rest never comes (interrupted when the test ends)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        int port = server.getAddress().getPort();
        AccessTokenProvider stalled = new AccessTokenProvider(new BridgeProperties.Aristotelos("http://127.0.0.1:" + port,
                "http://127.0.0.1:" + port + "/stall", "bridge", "s&cret", false, Duration.ofSeconds(10), Duration.ofSeconds(1), REFUSAL_PAUSE),
                HttpClient.newHttpClient(), new ObjectMapper(), clock);
        ExecutorService deliveries = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> callers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                callers.add(deliveries.submit(() -> {
                    try {
                        return stalled.authorization();
                    } catch (AristotelosUnavailable e) {
                        return e.getMessage();
                    }
                }));
            }
            for (Future<String> caller : callers) {
                // 2 s for the one fetch, shared by every caller that waited for it: well within 15 s, never for ever
                assertThat(caller.get(15, TimeUnit.SECONDS)).contains("did not send its whole answer within 2 s");
            }
            assertThat(stalls).as("fetches: the callers that waited for the stalled one did not each fetch again after it").hasValue(1);
            assertThat(stalled.lastFailure()).contains("did not send its whole answer");
        } finally {
            deliveries.shutdownNow();
        }
    }
}
