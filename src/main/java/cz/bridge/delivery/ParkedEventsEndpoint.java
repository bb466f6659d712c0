package cz.bridge.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import cz.bridge.logging.OneLine;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.jms.JmsException;
import org.springframework.lang.Nullable;

/**
 * The admin API of parked events, on the management port: {@code GET /actuator/parked}
 * (filters: reason, user; the first {@code limit} events, 200 unless given, and the count of all), {@code POST /actuator/parked} with {"reason":…} / {"user":…} /
 * {"all":true} to replay, {@code POST /actuator/parked/{id}} to replay one, and
 * {@code DELETE /actuator/parked/{id}} to delete one. An id with a slash or a percent sign cannot be a path's segment
 * (Tomcat and Spring Security refuse %2F and %25 in a path, and rightly): {"id":…} or {@code ?id=…} names any id. A POST or DELETE without a JSON body needs
 * an {@code X-Requested-With} header ({@link cz.bridge.monitoring.ManagementSecurity}). While
 * the broker cannot be reached (the embedded one stopped) each answers 503 saying so.
 */
@Endpoint(id = "parked")
public record ParkedEventsEndpoint(ParkedEvents parked, Supplier<Long> allParked) {

    /** How many parked events a list shows unless the caller says otherwise: what the status page shows. */
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 10_000;
    /** Longer than any parked event's id, user or reason, escapes and all (ParkingReason.MAX_TEXT). */
    static final int MAX_FILTER = 5 * ParkingReason.MAX_TEXT;

    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> list(@Nullable String reason, @Nullable String user, @Nullable String limit) {
        // taken as text: Spring's conversion answered ?limit=abc with a bare 400 that said nothing
        int shown = limit == null || limit.isBlank() ? DEFAULT_LIMIT : limit.strip().matches("\\d{1,6}") ? Integer.parseInt(limit.strip()) : -1;
        if (shown < 1 || shown > MAX_LIMIT) {
            return new WebEndpointResponse<>(Map.of("error", "limit must be 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT
                    + "); filter by reason or user to see other events"), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        return withBroker(() -> {
            // unfiltered (the status page's list, every few seconds) the count is the broker's own where it keeps one:
            // browsing to count costs CPU on every refresh (bench/README.md, "Parked list")
            Long all = ParkedEvents.selector(null, reason, user) == null ? allParked.get() : null;
            if (all != null) {
                List<ParkedEvents.Parked> first = parked.first(shown);
                return new WebEndpointResponse<>(Map.of("count", all, "shown", first.size(), "parked", first));
            }
            ParkedEvents.Listing found = parked.list(reason, user, shown);
            return new WebEndpointResponse<>(Map.of("count", found.count(), "shown", found.first().size(), "parked", found.first()));
        });
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> replay(@Nullable String id, @Nullable String reason, @Nullable String user,
            @Nullable Boolean all) {
        return matching("replay", "replayed", id, reason, user, all, () -> parked.replay(id, reason, user));
    }

    /** DELETE /actuator/parked?reason=… (or user=…, all=true): the events an operator gave up on, e.g. of an employee who left. */
    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> deleteMatching(@Nullable String id, @Nullable String reason, @Nullable String user,
            @Nullable Boolean all) {
        return matching("delete", "deleted", id, reason, user, all, () -> parked.delete(id, reason, user));
    }

    private WebEndpointResponse<Map<String, Object>> matching(String verb, String done, String id, String reason, String user,
            Boolean all, Supplier<ParkedEvents.Moved> move) {
        // a replay's JSON body is bounded by nothing but this (a query string by Tomcat's 8 KB): no parked event's id, user
        // or reason comes near it, and each value goes into a selector the broker parses
        if (Stream.of(id, reason, user).anyMatch(value -> value != null && value.length() > MAX_FILTER)) {
            return new WebEndpointResponse<>(Map.of("error", "an id, reason or user longer than " + MAX_FILTER
                    + " characters matches no parked event: give the one GET /actuator/parked lists"), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        // the selector's own reading of a filter: a blank value is none
        boolean filtered = ParkedEvents.selector(id, reason, user) != null;
        if (!filtered && !Boolean.TRUE.equals(all)) {
            // an error answered 200 passed for a replay in a script that checks the status
            return new WebEndpointResponse<>(Map.of("error", "say which parked events to " + verb + ": "
                    + ("replay".equals(verb) ? "{\"id\":\"…\"}, {\"reason\":\"…\"}, {\"user\":\"…\"} or {\"all\":true}"
                            : "?id=…, ?reason=…, ?user=… or ?all=true")),
                    WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        return withBroker(() -> {
            ParkedEvents.Moved moved = move.get();
            if (ParkedEvents.selector(id, null, null) != null && moved.ids().isEmpty()) {
                return notFound(id);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put(done, moved.ids().size());
            answer.put("ids", moved.ids());
            answer.put("remaining", moved.remaining());
            if (moved.remaining() > 0) {
                answer.put("note", moved.remaining() + " matching parked events were not taken by this call: call again");
            }
            return new WebEndpointResponse<>(answer);
        });
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> replayOne(@Selector String id) {
        return one(id, "replayed", () -> parked.replay(id, null, null).ids());
    }

    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> delete(@Selector String id) {
        return one(id, "deleted", () -> parked.delete(id, null, null).ids());
    }

    private WebEndpointResponse<Map<String, Object>> one(String id, String done, Supplier<List<String>> move) {
        // a blank id is no filter to the selector: it replayed or deleted every parked event
        if (id.isBlank()) {
            return notFound(id);
        }
        return withBroker(() -> {
            List<String> ids = move.get();
            return ids.isEmpty() ? notFound(id) : new WebEndpointResponse<>(Map.of(done, 1, "ids", ids));
        });
    }

    /** 404, so that a script that checks the status sees that nothing was replayed or deleted. */
    private static WebEndpointResponse<Map<String, Object>> notFound(String id) {
        return new WebEndpointResponse<>(Map.of("error", "no parked event with id " + OneLine.of(id, 200)
                + ": list them with GET /actuator/parked"), WebEndpointResponse.STATUS_NOT_FOUND);
    }

    /** A broker that cannot be reached is the bridge's state, not the caller's error: 503; what was not moved stays parked. */
    private static WebEndpointResponse<Map<String, Object>> withBroker(Supplier<WebEndpointResponse<Map<String, Object>>> work) {
        try {
            return work.get();
        } catch (JmsException e) {
            return new WebEndpointResponse<>(Map.of("error", "the broker cannot be reached now (" + OneLine.of(String.valueOf(e.getMessage()), 300)
                    + "); the parked events are kept: try again once /actuator/health/readiness is UP"), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        } catch (ParkedEvents.Busy e) {
            return new WebEndpointResponse<>(Map.of("error", e.getMessage() + ": try again once it has ended (the log says "
                    + "what it moves); nothing was moved by this call"), 409);
        } catch (ParkedEvents.PartlyMoved e) {
            return new WebEndpointResponse<>(Map.of("error", "the broker failed after " + e.moved().size() + " of the matching events were "
                    + "moved (" + OneLine.of(String.valueOf(e.getMessage()), 300) + "); those are in \"ids\" and in the log, the others "
                    + "are kept: call again once /actuator/health/readiness is UP", "moved", e.moved().size(), "ids", e.moved()),
                    WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
    }
}
