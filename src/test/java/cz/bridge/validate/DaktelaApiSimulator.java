package cz.bridge.validate;

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
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Daktela's REST API v6 on 127.0.0.1 and a random port: {@code GET
 * /api/v6/pauses.json} with paging ({@code skip}, {@code take}; the server may cap a page below
 * the asked {@code take}), the access token in {@code X-AUTH-TOKEN} (or the {@code accessToken}
 * query parameter) and Daktela's envelope {@code {"error":[],"result":{"data":[...],"total":N}}}.
 * A wrong token is answered 401 {@code {"error":["Invalid access token"],"result":null}}.
 */
public class DaktelaApiSimulator implements AutoCloseable {

    /** A request the simulator answered: its skip, take and status. */
    public record Request(String path, Integer skip, Integer take, int status) {
    }

    private final String token;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile List<Map<String, Object>> pauses = List.of();
    private volatile int maxTake = Integer.MAX_VALUE;
    private volatile Integer forcedStatus;
    private volatile String forcedBody;
    private final HttpServer server;

    public DaktelaApiSimulator(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Daktela's pauses: names, each with the title "Pause &lt;name&gt;". */
    public DaktelaApiSimulator pauses(String... names) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String name : names) {
            list.add(pause(name, "Pause " + name));
        }
        this.pauses = List.copyOf(list);
        return this;
    }

    /** Daktela's pauses as name → title, in order. */
    public DaktelaApiSimulator pauses(LinkedHashMap<String, String> namesAndTitles) {
        List<Map<String, Object>> list = new ArrayList<>();
        namesAndTitles.forEach((name, title) -> list.add(pause(name, title)));
        this.pauses = List.copyOf(list);
        return this;
    }

    /** The most items one page holds, whatever {@code take} asks for (Daktela caps pages too). */
    public DaktelaApiSimulator maxTake(int maxTake) {
        this.maxTake = maxTake;
        return this;
    }

    /** Answers every request with this status and body (null: back to normal). */
    public DaktelaApiSimulator answer(Integer status, String body) {
        this.forcedStatus = status;
        this.forcedBody = body;
        return this;
    }

    public List<Request> requests() {
        return Collections.unmodifiableList(requests);
    }

    @Override
    public void close() {
        server.stop(0);
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

    private String envelope(List<String> errors, Object result) throws IOException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("error", errors);
        envelope.put("result", result);
        envelope.put("_time", "2026-11-24 10:15:02");
        return json.writeValueAsString(envelope);
    }

    private void send(HttpExchange exchange, String path, Integer skip, Integer take, int status, String body)
            throws IOException {
        requests.add(new Request(path, skip, take, status));
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
