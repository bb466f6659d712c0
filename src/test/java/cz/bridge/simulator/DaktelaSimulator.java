package cz.bridge.simulator;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The tests' stand-in for Daktela's REST API v6 on 127.0.0.1: {@code GET /api/v6/pauses.json} and {@code GET /api/v6/realtimeSessions.json} with paging ({@code skip}, {@code take}; the server may cap a page below
 * the asked {@code take}), the access token in {@code X-AUTH-TOKEN} (or the {@code accessToken}
 * query parameter) and Daktela's envelope {@code {"error":[],"result":{"data":[...],"total":N}}}.
 * A wrong token is answered 401 {@code {"error":["Invalid access token"],"result":null}}.
 *
 * <p>Live sessions are set per agent by the tests ({@link #session}, {@link #logout}). Fault switches
 * for the sessions list: a status (500, 401), a garbage body, or one page answered 500. (Demo mode's
 * Daktela is the route file routes/demo/daktela-simulator.camel.yaml.)
 */
public class DaktelaSimulator implements AutoCloseable {

    /** A request the simulator answered: its skip, take and status. */
    public record Request(String path, Integer skip, Integer take, int status) {
    }

    private final String token;
    private final ObjectMapper json = new ObjectMapper();
    /** How many of the latest requests are kept (a long test polls every second). */
    static final int KEPT_REQUESTS = 100_000;
    /** The latest requests, oldest first, at most {@link #keptRequests}: appending is O(1), the oldest makes room. */
    private final ArrayDeque<Request> requests = new ArrayDeque<>();
    private final int keptRequests;
    private volatile List<Map<String, Object>> pauses = List.of();
    private volatile int maxTake = Integer.MAX_VALUE;
    private volatile Integer forcedStatus;
    private volatile String forcedBody;
    private final LoopbackServer server;

    /** One logged-in agent's session as realtimeSessions.json lists it; times in Daktela's local time. */
    public record Session(String agent, String state, String pause, LocalDateTime statetime, LocalDateTime onpause,
                          LocalDateTime logintime) {
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Map<String, Session> sessions = new ConcurrentSkipListMap<>();
    private volatile Integer sessionsStatus;
    private volatile String sessionsBody;
    private volatile Integer failingPage;
    /** Run once before the sessions list's page of this number is read: a change while a pass reads page by page. */
    private final Map<Integer, Runnable> beforePage = new java.util.concurrent.ConcurrentHashMap<>();

    public DaktelaSimulator(String token) {
        this(0, token);
    }

    /** On 127.0.0.1 and this port (0: any free one). */
    public DaktelaSimulator(int port, String token) {
        this(port, token, KEPT_REQUESTS);
    }

    /** With room for this many of the latest requests. */
    DaktelaSimulator(int port, String token, int keptRequests) {
        if (keptRequests < 1) {
            throw new IllegalArgumentException("keptRequests must be at least 1, not " + keptRequests);
        }
        this.token = token;
        this.keptRequests = keptRequests;
        server = new LoopbackServer(port, 4, this::handle);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Daktela's pauses: names, each with the title "Pause &lt;name&gt;". */
    public DaktelaSimulator pauses(String... names) {
        this.pauses = Arrays.stream(names).map(name -> pause(name, "Pause " + name)).toList();
        return this;
    }

    /** Daktela's pauses as name → title, in order. */
    public DaktelaSimulator pauses(LinkedHashMap<String, String> namesAndTitles) {
        this.pauses = namesAndTitles.entrySet().stream().map(e -> pause(e.getKey(), e.getValue())).toList();
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

    /** As {@link #session(String, String, String, LocalDateTime, LocalDateTime)}, logged in at the time given. */
    public DaktelaSimulator session(String agent, String state, String pause, LocalDateTime statetime, LocalDateTime onpause,
                                    LocalDateTime logintime) {
        sessions.put(agent, new Session(agent, state, pause, statetime, onpause, logintime));
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

    /** This page of the sessions list (0 = the first) is answered 500 (null: none). */
    public DaktelaSimulator failingPage(Integer page) {
        this.failingPage = page;
        return this;
    }

    /** Before the sessions list's page (0 = the first) is answered, once (until healthy()): e.g. an agent logs out between two pages. */
    public DaktelaSimulator beforeSessionsPage(int page, Runnable change) {
        beforePage.put(page, change);
        return this;
    }

    /** Every fault switch off. */
    public DaktelaSimulator healthy() {
        sessionsStatus = null;
        sessionsBody = null;
        failingPage = null;
        beforePage.clear();
        forcedStatus = null;
        forcedBody = null;
        return this;
    }

    public int port() {
        return server.port();
    }

    /** The latest requests, oldest first (a copy). */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.close();
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

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        Map<String, String> query = LoopbackServer.fields(request.getQueryString());
        Integer skip = number(query.get("skip"));
        Integer take = number(query.get("take"));
        if (forcedStatus != null) {
            send(response, path, skip, take, forcedStatus, forcedBody == null ? "" : forcedBody);
            return;
        }
        if ("GET".equals(request.getMethod()) && "/api/v6/realtimeSessions.json".equals(path)) {
            realtimeSessions(request, response, path, query, skip, take);
            return;
        }
        if (!"GET".equals(request.getMethod()) || !"/api/v6/pauses.json".equals(path)) {
            send(response, path, skip, take, 404, envelope(List.of("Not found"), null));
            return;
        }
        if (!authorized(request, query)) {
            send(response, path, skip, take, 401, envelope(List.of("Invalid access token"), null));
            return;
        }
        List<Map<String, Object>> all = pauses;
        int from = Math.min(skip == null ? 0 : Math.max(0, skip), all.size());
        int count = Math.min(take == null ? all.size() : Math.max(0, take), maxTake);
        List<Map<String, Object>> page = all.subList(from, Math.min(all.size(), from + count));
        send(response, path, skip, take, 200, envelope(List.of(), page(page, all.size())));
    }

    private boolean authorized(HttpServletRequest request, Map<String, String> query) {
        String given = request.getHeader("X-AUTH-TOKEN");
        if (given == null) {
            given = query.get("accessToken");
        }
        return token.equals(given);
    }

    private void realtimeSessions(HttpServletRequest request, HttpServletResponse response, String path, Map<String, String> query, Integer skip, Integer take)
            throws IOException {
        if (sessionsStatus != null) {
            send(response, path, skip, take, sessionsStatus, sessionsBody == null ? envelope(List.of("Simulated failure"), null) : sessionsBody);
            return;
        }
        if (sessionsBody != null) {
            send(response, path, skip, take, 200, sessionsBody);
            return;
        }
        if (!authorized(request, query)) {
            send(response, path, skip, take, 401, envelope(List.of("Invalid access token"), null));
            return;
        }
        int asked = take == null ? Integer.MAX_VALUE : Math.max(1, take);
        Runnable change = beforePage.remove(skip == null || skip <= 0 ? 0 : skip / Math.min(asked, Math.min(maxTake, 1000)));
        if (change != null) {
            change.run();
        }
        List<Session> all = new ArrayList<>(sessions.values());
        int from = Math.min(skip == null ? 0 : Math.max(0, skip), all.size());
        int count = Math.min(take == null ? all.size() : Math.max(1, take), Math.min(maxTake, 1000));
        Integer failing = failingPage;
        if (failing != null && from / count == failing) {
            send(response, path, skip, take, 500, envelope(List.of("Simulated failure of page " + failing), null));
            return;
        }
        List<Map<String, Object>> page = all.subList(from, Math.min(all.size(), from + count)).stream()
                .map(DaktelaSimulator::record).toList();
        send(response, path, skip, take, 200, envelope(List.of(), page(page, all.size())));
    }

    /** One page of a list, as Daktela's result holds it. */
    private static Map<String, Object> page(List<Map<String, Object>> data, int total) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", data);
        result.put("total", total);
        return result;
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

    private String envelope(List<String> errors, Object result) throws IOException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("error", errors);
        envelope.put("result", result);
        envelope.put("_time", "2026-11-24 10:15:02");
        return json.writeValueAsString(envelope);
    }

    private void send(HttpServletResponse response, String path, Integer skip, Integer take, int status, String body)
            throws IOException {
        Request request = new Request(path, skip, take, status);
        synchronized (requests) {
            if (requests.size() == keptRequests) {
                requests.removeFirst();
            }
            requests.addLast(request);
        }
        LoopbackServer.answer(response, status, "application/json; charset=utf-8", body);
    }

    private static Integer number(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
