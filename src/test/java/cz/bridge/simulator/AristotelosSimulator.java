package cz.bridge.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for AristoTelos's API (docs/setup-aristotelos.md) on a loopback port: the client-credentials
 * token endpoint with expiring tokens, the Bearer check, 404 for employees it does not know,
 * and faults a test or an operator can switch on (5xx, 429 with Retry-After, latency, down).
 */
public class AristotelosSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AristotelosSimulator.class);

    /** A state as AristoTelos received it. */
    public record ReceivedState(String employee, int stateId, String stateCode, int reasonId, String reasonCode,
                                String timestamp, String eventId, String idempotencyKey, Instant receivedAt,
                                long receivedNanos, String body, List<String> headerNames) {
    }

    /**
     * An answer whose body does not end: bytes every interval (all at once when zero), until the client stops reading
     * or 256 MB or 60 s have gone. With status 200 the state is taken first.
     */
    public record EndlessAnswer(int status, Duration interval) {
    }

    /** A fault answered instead of the real answer, with this Content-Type (a proxy's page may name any charset). */
    public record Fault(int status, Integer retryAfterSeconds, String contentType) {
        public Fault(int status, Integer retryAfterSeconds) {
            this(status, retryAfterSeconds, "application/json");
        }
    }

    private final int requestedPort;
    private final String clientId;
    private final String clientSecret;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private volatile Instant lastTokenIssuedAt;
    private final Set<String> employees = ConcurrentHashMap.newKeySet();
    private final List<ReceivedState> received = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong tokenFetches = new AtomicLong();
    private final AtomicLong updateRequests = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final Set<String> unknownEmployees = ConcurrentHashMap.newKeySet();
    private final Set<String> echoingEmployees = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failingEmployees = new ConcurrentHashMap<>();
    /** Requests per employee that failFor answered with its status. */
    private final Map<String, AtomicInteger> failedFor = new ConcurrentHashMap<>();
    private final AtomicInteger faultsLeft = new AtomicInteger();
    private final Map<String, EndlessAnswer> endlessAnswers = new ConcurrentHashMap<>();
    private final AtomicLong endlessBytesSent = new AtomicLong();
    private final Map<String, AtomicInteger> endlessAnswersClosedByTheClient = new ConcurrentHashMap<>();
    private final Map<String, Integer> extraHeaders = new ConcurrentHashMap<>();
    private volatile Fault fault;
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration tokenLifetime;
    private volatile boolean logStates = true;
    private volatile boolean refuseClients;
    private LoopbackServer server;
    private int port;

    public AristotelosSimulator(int port, String clientId, String clientSecret, Duration tokenLifetime,
                                Collection<String> employees, Clock clock) {
        this.requestedPort = port;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenLifetime = tokenLifetime;
        this.employees.addAll(employees);
        this.clock = clock;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        server = new LoopbackServer(port == 0 ? requestedPort : port, 32, (request, response) -> {
            String path = request.getRequestURI();
            if (path.startsWith("/oauth/token")) {
                token(request, response);
            } else if (path.startsWith("/api/UpdateAgentStatus")) {
                updateAgentStatus(request, response);
            } else {
                answer(response, 404, "{\"error\":\"not found\"}");
            }
        });
        port = server.port();
        LOG.info("AristoTelos simulator listening on http://127.0.0.1:{} (client id '{}')", port, clientId);
    }

    /** Simulates an outage: the port stops answering until {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
            LOG.info("AristoTelos simulator is down");
        }
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    /** Known before start when a port was asked for, so that a bridge can be pointed at an AristoTelos that is still down. */
    public String baseUrl() {
        return "http://127.0.0.1:" + (port != 0 ? port : requestedPort);
    }

    // --- switches for tests and demos

    /** Answer the next {@code count} update requests with this fault (count < 0: until cleared). */
    public void failNext(int count, Fault fault) {
        this.fault = fault;
        this.faultsLeft.set(count);
    }

    public void clearFaults() {
        this.fault = null;
        this.faultsLeft.set(0);
        this.latency = Duration.ZERO;
    }

    public void latency(Duration latency) {
        this.latency = latency;
    }

    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /** Answers every token request 401 invalid_client, as after the client secret was revoked. */
    public void failTokenRequests(boolean on) {
        this.refuseClients = on;
    }

    /** Forgets every issued token, as after a restart of AristoTelos: the next update gets 401. */
    public void revokeTokens() {
        tokens.clear();
    }

    /** Employees AristoTelos has no record of (404), even where every other name is known. */
    public void addUnknownEmployees(Collection<String> names) {
        unknownEmployees.addAll(names);
    }

    /** These employees' states are refused 422 with a body that echoes the request's headers, as a debug page does. */
    public void echoHeadersInRefusalsFor(Collection<String> names) {
        echoingEmployees.addAll(names);
    }

    /** Employees whose every state AristoTelos answers 500, as a server fault tied to their record would. */
    public void failFor(Collection<String> names) {
        failFor(names, 500);
    }

    /** Employees whose every state AristoTelos answers with this status (a 410 for a record gone, a proxy's 413 ...). */
    public void failFor(Collection<String> names, int status) {
        names.forEach(name -> failingEmployees.put(name, status));
    }

    /** How many of this employee's requests {@link #failFor(Collection, int)} answered with its status. */
    public int failedFor(String employee) {
        AtomicInteger count = failedFor.get(employee);
        return count == null ? 0 : count.get();
    }

    /** The fault tied to these employees' records is mended. */
    public void recoverFor(Collection<String> names) {
        failingEmployees.keySet().removeAll(names);
    }

    /** AristoTelos has learnt about these employees after all. */
    public void forgetUnknownEmployees(Collection<String> names) {
        unknownEmployees.removeAll(names);
    }

    public void logStates(boolean on) {
        this.logStates = on;
    }

    public void reset() {
        clearFaults();
        failingEmployees.clear();
        echoingEmployees.clear();
        failedFor.clear();
        endlessAnswers.clear();
        endlessAnswersClosedByTheClient.clear();
        extraHeaders.clear();
        received.clear();
        tokenFetches.set(0);
        updateRequests.set(0);
        unauthorized.set(0);
    }

    public List<ReceivedState> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<ReceivedState> receivedFor(String employee) {
        return received().stream().filter(s -> s.employee().equals(employee)).toList();
    }

    /** Every access token issued and not yet revoked. */
    public Set<String> issuedTokens() {
        return Set.copyOf(tokens.keySet());
    }

    public long tokenFetches() {
        return tokenFetches.get();
    }

    /** When the last access token was issued, by the simulator's clock; null before the first. */
    public Instant lastTokenIssuedAt() {
        return lastTokenIssuedAt;
    }

    /** The simulator's clock, by which tokens expire. */
    public Clock clock() {
        return clock;
    }

    public long updateRequests() {
        return updateRequests.get();
    }

    /** Update requests answered 401 because the token was unknown or expired. */
    public long unauthorizedAnswers() {
        return unauthorized.get();
    }

    /** These employees' states are answered with a body that does not end. */
    public void answerEndlesslyFor(Collection<String> names, EndlessAnswer answer) {
        names.forEach(name -> endlessAnswers.put(name, answer));
    }

    /** These employees' states are taken and answered 200 with this many headers besides the usual ones; 0 stops it. */
    public void answerWithHeadersFor(Collection<String> names, int count) {
        names.forEach(name -> {
            if (count > 0) {
                extraHeaders.put(name, count);
            } else {
                extraHeaders.remove(name);
            }
        });
    }

    /**
     * Endless answers whose writing failed because the client closed the connection: a client that only stopped reading
     * leaves the write blocked (the sockets' buffers full), not failed.
     */
    public int endlessAnswersClosedByTheClient(String employee) {
        AtomicInteger closed = endlessAnswersClosedByTheClient.get(employee);
        return closed == null ? 0 : closed.get();
    }

    /** The bytes of endless answers' bodies written so far, all of them. */
    public long endlessBytesSent() {
        return endlessBytesSent.get();
    }

    // --- the API

    private void token(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            answer(response, 405, "{\"error\":\"invalid_request\"}");
            return;
        }
        Map<String, String> form = LoopbackServer.fields(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        LoopbackServer.pause(latency);
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = request.getHeader("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            id = pair[0];
            secret = pair.length > 1 ? pair[1] : "";
        }
        tokenFetches.incrementAndGet();
        if (!"client_credentials".equals(form.get("grant_type"))) {
            answer(response, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        if (refuseClients || !clientId.equals(id) || !clientSecret.equals(secret)) {
            answer(response, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String token = UUID.randomUUID().toString();
        Duration lifetime = tokenLifetime;
        Instant now = clock.instant();
        tokens.put(token, now.plus(lifetime));
        lastTokenIssuedAt = now;
        answer(response, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + Math.max(1, lifetime.toSeconds()) + "}");
    }

    private void updateAgentStatus(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long nanos = System.nanoTime();
        byte[] body = request.getInputStream().readAllBytes();
        updateRequests.incrementAndGet();
        LoopbackServer.pause(latency);
        Fault active = fault;
        // counted down to 0, not past it: below 0 means "until cleared"
        if (active != null && (faultsLeft.get() < 0 || faultsLeft.getAndUpdate(left -> left > 0 ? left - 1 : left) > 0)) {
            if (active.retryAfterSeconds() != null) {
                response.setHeader("Retry-After", active.retryAfterSeconds().toString());
            }
            if (active.status() / 100 == 3) {
                // as a server that moved would answer: its new address, with a user and password a log must not show
                response.setHeader("Location", "https://user:pw@aristotelos.example.com/api/UpdateAgentStatus");
            }
            LoopbackServer.answer(response, active.status(), active.contentType(), "{\"error\":\"simulated fault\"}");
            return;
        }
        String authorization = request.getHeader("Authorization");
        Instant expiry = authorization != null && authorization.startsWith("Bearer ")
                ? tokens.get(authorization.substring(7)) : null;
        if (expiry == null || !clock.instant().isBefore(expiry)) {
            unauthorized.incrementAndGet();
            answer(response, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        JsonNode state;
        try {
            state = json.readTree(body);
        } catch (IOException e) {
            answer(response, 400, "{\"error\":\"body is not JSON\"}");
            return;
        }
        String employee = state.path("employeeExternalId2").asText("");
        if (employee.isEmpty() || !state.path("stateId").isInt() || !state.path("stateCode").isTextual()
                || !state.path("timestamp").isTextual()) {
            answer(response, 400, "{\"error\":\"employeeExternalId2, stateId, stateCode and timestamp are required\"}");
            return;
        }
        EndlessAnswer endless = endlessAnswers.get(employee);
        if (endless != null && endless.status() != 200) {
            answerEndlessly(response, endless, employee);
            return;
        }
        if (echoingEmployees.contains(employee)) {
            answer(response, 422, "{\"error\":\"invalid request\",\"headers\":\"Authorization: " + request.getHeader("Authorization")
                    + "\"}");
            return;
        }
        Integer failing = failingEmployees.get(employee);
        if (failing != null) {
            failedFor.computeIfAbsent(employee, name -> new AtomicInteger()).incrementAndGet();
            answer(response, failing, "{\"error\":\"" + (failing == 500 ? "internal server error" : "failed") + "\"}");
            return;
        }
        if (unknownEmployees.contains(employee) || !employees.contains("*") && !employees.contains(employee)) {
            answer(response, 404, "{\"error\":\"no employee with external id 2 '" + employee.replace("\"", "") + "'\"}");
            return;
        }
        ReceivedState got = new ReceivedState(employee, state.path("stateId").asInt(), state.path("stateCode").asText(),
                state.path("reasonId").asInt(0), state.path("reasonCode").isNull() ? null : state.path("reasonCode").asText(null),
                state.path("timestamp").asText(), state.path("eventId").asText(null),
                request.getHeader("Idempotency-Key"), clock.instant(), nanos,
                new String(body, java.nio.charset.StandardCharsets.UTF_8), java.util.Collections.list(request.getHeaderNames()));
        received.add(got);
        if (logStates) {
            LOG.info("AristoTelos simulator received: employee {} -> {} {}(state {}, reason {}) at {}", got.employee(),
                    got.stateCode(), got.reasonCode() == null ? "" : "'" + got.reasonCode() + "' ",
                    got.stateId(), got.reasonId(), got.timestamp());
        }
        if (endless != null) {
            answerEndlessly(response, endless, employee);
            return;
        }
        for (int i = 0; i < extraHeaders.getOrDefault(employee, 0); i++) {
            response.addHeader("X-Filler-" + i, "1");
        }
        answer(response, 200, "{\"status\":\"ok\"}");
    }

    private void answerEndlessly(HttpServletResponse response, EndlessAnswer endless, String employee) {
        response.setStatus(endless.status());
        response.setContentType("text/plain");
        byte[] chunk = new byte[endless.interval().isZero() ? 8192 : 1];
        java.util.Arrays.fill(chunk, (byte) 'x');
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            for (long sent = 0; sent < 256L << 20 && System.nanoTime() < deadline; sent += chunk.length) {
                response.getOutputStream().write(chunk);
                response.flushBuffer();
                endlessBytesSent.addAndGet(chunk.length);
                LoopbackServer.pause(endless.interval());
            }
        } catch (IOException clientGone) {
            // the bridge stopped reading and closed the connection: what is being tested
            endlessAnswersClosedByTheClient.computeIfAbsent(employee, e -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static void answer(HttpServletResponse response, int status, String body) throws IOException {
        LoopbackServer.answer(response, status, "application/json", body);
    }
}
