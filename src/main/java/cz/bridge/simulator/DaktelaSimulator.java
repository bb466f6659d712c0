package cz.bridge.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Daktela's REST API v6 on 127.0.0.1 (demo mode and tests; production mode never
 * starts it): {@code GET /api/v6/pauses.json} and {@code GET /api/v6/realtimeSessions.json} with paging ({@code skip}, {@code take}; the server may cap a page below
 * the asked {@code take}), the access token in {@code X-AUTH-TOKEN} (or the {@code accessToken}
 * query parameter) and Daktela's envelope {@code {"error":[],"result":{"data":[...],"total":N}}}.
 * A wrong token is answered 401 {@code {"error":["Invalid access token"],"result":null}}.
 *
 * <p>Live sessions are set per agent ({@link #session}, {@link #logout}), by tests or, in demo
 * mode, by {@code PUT /demo/sessions/{agent}} with {@code {"state":"Paused","pause":"lunch"}} and
 * {@code DELETE /demo/sessions/{agent}}. Fault switches for the sessions list: a status (500,
 * 401), a delay, a garbage body, or one page answered 500.
 */
public class DaktelaSimulator implements AutoCloseable {

    /** A request the simulator answered: its skip, take and status. */
    public record Request(String path, Integer skip, Integer take, int status) {
    }

    private final String token;
    private final ObjectMapper json = new ObjectMapper();
    /** The latest requests (bounded: a long demo run polls for hours). */
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile List<Map<String, Object>> pauses = List.of();
    private volatile int maxTake = Integer.MAX_VALUE;
    private volatile Integer forcedStatus;
    private volatile String forcedBody;
    private final HttpServer server;

    /** One logged-in agent's session as realtimeSessions.json lists it; times in Daktela's local time. */
    public record Session(String agent, String state, String pause, LocalDateTime statetime, LocalDateTime onpause,
                          LocalDateTime logintime) {
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Map<String, Session> sessions = new ConcurrentSkipListMap<>();
    private volatile Integer sessionsStatus;
    private volatile String sessionsBody;
    private volatile Duration sessionsDelay = Duration.ZERO;
    private volatile Integer failingPage;

    public DaktelaSimulator(String token) throws IOException {
        this(0, token);
    }

    /** On 127.0.0.1 and this port (0: any free one). */
    public DaktelaSimulator(int port, String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "daktela-simulator");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Daktela's pauses: names, each with the title "Pause &lt;name&gt;". */
    public DaktelaSimulator pauses(String... names) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String name : names) {
            list.add(pause(name, "Pause " + name));
        }
        this.pauses = List.copyOf(list);
        return this;
    }

    /** Daktela's pauses as name → title, in order. */
    public DaktelaSimulator pauses(LinkedHashMap<String, String> namesAndTitles) {
        List<Map<String, Object>> list = new ArrayList<>();
        namesAndTitles.forEach((name, title) -> list.add(pause(name, title)));
        this.pauses = List.copyOf(list);
        return this;
    }

    /** The most items one page holds, whatever {@code take} asks for (Daktela caps pages too). */
    public DaktelaSimulator maxTake(int maxTake) {
        this.maxTake = maxTake;
        return this;
    }

    /** Answers every request with this status and body (null: back to normal). */
    public DaktelaSimulator answer(Integer status, String body) {
        this.forcedStatus = status;
        this.forcedBody = body;
        return this;
    }

    /** The agent is logged in with this state ("Idle", "Session", "Paused"), pause name (or null) and times. */
    public DaktelaSimulator session(String agent, String state, String pause, LocalDateTime statetime, LocalDateTime onpause) {
        Session old = sessions.get(agent);
        sessions.put(agent, new Session(agent, state, pause, statetime, onpause, old == null ? statetime : old.logintime()));
        return this;
    }

    /** The agent is not logged in: no longer listed. */
    public DaktelaSimulator logout(String agent) {
        sessions.remove(agent);
        return this;
    }

    public Map<String, Session> sessions() {
        return Collections.unmodifiableMap(sessions);
    }

    /** The sessions list is answered with this status and body (null: normally). */
    public DaktelaSimulator sessionsAnswer(Integer status, String body) {
        this.sessionsStatus = status;
        this.sessionsBody = body;
        return this;
    }

    /** Each sessions page is answered after this delay. */
    public DaktelaSimulator sessionsDelay(Duration delay) {
        this.sessionsDelay = delay;
        return this;
    }

    /** This page of the sessions list (0 = the first) is answered 500 (null: none). */
    public DaktelaSimulator failingPage(Integer page) {
        this.failingPage = page;
        return this;
    }

    /** Every fault switch off. */
    public DaktelaSimulator healthy() {
        sessionsStatus = null;
        sessionsBody = null;
        sessionsDelay = Duration.ZERO;
        failingPage = null;
        forcedStatus = null;
        forcedBody = null;
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Request> requests() {
        return Collections.unmodifiableList(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private static Map<String, Object> pause(String name, String title) {
        Map<String, Object> pause = new LinkedHashMap<>();
        pause.put("name", name);
        pause.put("title", title);
        pause.put("paid", true);
        pause.put("calls_unpaused", false);
        pause.put("auto_unpause", false);
        pause.put("unpause_after", 0);
        return pause;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Integer skip = number(query.get("skip"));
            Integer take = number(query.get("take"));
            if (forcedStatus != null) {
                send(exchange, path, skip, take, forcedStatus, forcedBody == null ? "" : forcedBody);
                return;
            }
            if (path.startsWith("/demo/sessions/")) {
                demo(exchange, path.substring("/demo/sessions/".length()));
                return;
            }
            if ("GET".equals(exchange.getRequestMethod()) && "/api/v6/realtimeSessions.json".equals(path)) {
                realtimeSessions(exchange, path, query, skip, take);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod()) || !"/api/v6/pauses.json".equals(path)) {
                send(exchange, path, skip, take, 404, envelope(List.of("Not found"), null));
                return;
            }
            String given = exchange.getRequestHeaders().getFirst("X-AUTH-TOKEN");
            if (given == null) {
                given = query.get("accessToken");
            }
            if (!token.equals(given)) {
                send(exchange, path, skip, take, 401, envelope(List.of("Invalid access token"), null));
                return;
            }
            List<Map<String, Object>> all = pauses;
            int from = Math.min(skip == null ? 0 : Math.max(0, skip), all.size());
            int count = Math.min(take == null ? all.size() : Math.max(0, take), maxTake);
            List<Map<String, Object>> page = all.subList(from, Math.min(all.size(), from + count));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("data", page);
            result.put("total", all.size());
            send(exchange, path, skip, take, 200, envelope(List.of(), result));
        }
    }

    private boolean authorized(HttpExchange exchange, Map<String, String> query) {
        String given = exchange.getRequestHeaders().getFirst("X-AUTH-TOKEN");
        if (given == null) {
            given = query.get("accessToken");
        }
        return token.equals(given);
    }

    private void realtimeSessions(HttpExchange exchange, String path, Map<String, String> query, Integer skip, Integer take)
            throws IOException {
        Duration delay = sessionsDelay;
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sessionsStatus != null) {
            send(exchange, path, skip, take, sessionsStatus, sessionsBody == null ? envelope(List.of("Simulated failure"), null) : sessionsBody);
            return;
        }
        if (sessionsBody != null) {
            send(exchange, path, skip, take, 200, sessionsBody);
            return;
        }
        if (!authorized(exchange, query)) {
            send(exchange, path, skip, take, 401, envelope(List.of("Invalid access token"), null));
            return;
        }
        List<Session> all = new ArrayList<>(sessions.values());
        int from = Math.min(skip == null ? 0 : Math.max(0, skip), all.size());
        int count = Math.min(take == null ? all.size() : Math.max(1, take), Math.min(maxTake, 1000));
        Integer failing = failingPage;
        if (failing != null && from / count == failing) {
            send(exchange, path, skip, take, 500, envelope(List.of("Simulated failure of page " + failing), null));
            return;
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (Session s : all.subList(from, Math.min(all.size(), from + count))) {
            page.add(record(s));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", page);
        result.put("total", all.size());
        send(exchange, path, skip, take, 200, envelope(List.of(), result));
    }

    private static Map<String, Object> record(Session s) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", "session-" + s.agent());
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("name", s.agent());
        agent.put("title", s.agent());
        record.put("id_agent", agent);
        record.put("state", s.state());
        if (s.pause() == null) {
            record.put("id_pause", null);
        } else {
            Map<String, Object> pause = new LinkedHashMap<>();
            pause.put("name", s.pause());
            pause.put("title", "Pause " + s.pause());
            pause.put("type", "break");
            record.put("id_pause", pause);
        }
        record.put("statetime", s.statetime() == null ? null : LOCAL.format(s.statetime()));
        record.put("onpause", s.onpause() == null ? null : LOCAL.format(s.onpause()));
        record.put("logintime", s.logintime() == null ? null : LOCAL.format(s.logintime()));
        return record;
    }

    /** The demo door: PUT sets an agent's session ({"state","pause","statetime"}; times default to now), DELETE logs it out. */
    @SuppressWarnings("unchecked")
    private void demo(HttpExchange exchange, String agent) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (agent.isBlank()) {
            send(exchange, path, null, null, 404, envelope(List.of("Not found"), null));
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "DELETE" -> {
                logout(agent);
                send(exchange, path, null, null, 200, envelope(List.of(), Map.of("agent", agent, "state", "logged out")));
            }
            case "PUT", "POST" -> {
                Map<String, Object> body;
                try {
                    body = json.readValue(exchange.getRequestBody(), Map.class);
                } catch (IOException e) {
                    send(exchange, path, null, null, 400, envelope(List.of("send JSON: {\"state\":\"Paused\",\"pause\":\"lunch\"}"), null));
                    return;
                }
                String state = String.valueOf(body.getOrDefault("state", "Idle"));
                String pause = body.get("pause") == null ? null : String.valueOf(body.get("pause"));
                LocalDateTime now = LocalDateTime.now(java.time.ZoneId.of(String.valueOf(body.getOrDefault("zone", "Europe/Prague"))))
                        .withNano(0);
                LocalDateTime statetime = body.get("statetime") == null ? now : LocalDateTime.parse(String.valueOf(body.get("statetime")), LOCAL);
                session(agent, state, pause, statetime, "Paused".equals(state) ? statetime : null);
                send(exchange, path, null, null, 200, envelope(List.of(), record(sessions.get(agent))));
            }
            default -> send(exchange, path, null, null, 405, envelope(List.of("use PUT or DELETE"), null));
        }
    }

    private String envelope(List<String> errors, Object result) throws IOException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("error", errors);
        envelope.put("result", result);
        envelope.put("_time", "2026-11-24 10:15:02");
        return json.writeValueAsString(envelope);
    }

    private void send(HttpExchange exchange, String path, Integer skip, Integer take, int status, String body)
            throws IOException {
        if (requests.size() < 100_000) {
            requests.add(new Request(path, skip, take, status));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static Integer number(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
