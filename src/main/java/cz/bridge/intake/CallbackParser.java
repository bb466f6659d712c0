package cz.bridge.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a Daktela callback body into agent events (CONTRACT §2): field names without case,
 * the first alias found wins, "a.b" reaches into an object. A batch is all or nothing.
 */
public class CallbackParser {

    private static final List<String> USER = List.of("user", "username", "agent", "login", "user.name", "id_agent", "id_agent.name");
    private static final List<String> EVENT = List.of("event", "state", "status", "type");
    private static final List<String> PAUSE = List.of("pause", "reason", "pause_name", "id_pause", "id_pause.name");
    private static final List<String> TIME = List.of("time", "timestamp", "statetime", "_time", "datetime");
    private static final List<String> ID = List.of("id", "event_id", "eventid");

    private final ObjectMapper json;
    private final ZoneId zone;
    private final Clock clock;

    public CallbackParser(ObjectMapper json, ZoneId zone, Clock clock) {
        this.json = json;
        this.zone = zone;
        this.clock = clock;
    }

    public List<AgentEvent> parseJson(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CallbackRejected(400, "body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new CallbackRejected(400, "body could not be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new CallbackRejected(400, "body is empty: send one JSON object or an array of them");
        }
        OffsetDateTime receivedAt = now();
        if (root.isObject()) {
            return List.of(toEvent(fieldsOf(root), receivedAt));
        }
        if (!root.isArray()) {
            throw new CallbackRejected(400, "body must be a JSON object or an array of objects, not " + root.getNodeType());
        }
        if (root.isEmpty()) {
            throw new CallbackRejected(400, "batch is empty: send at least one event");
        }
        List<AgentEvent> events = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            try {
                if (!item.isObject()) {
                    throw new CallbackRejected(400, "must be a JSON object, not " + item.getNodeType());
                }
                events.add(toEvent(fieldsOf(item), receivedAt));
            } catch (CallbackRejected rejected) {
                throw rejected.atIndex(i);
            }
        }
        return events;
    }

    /** Form fields: the first value of each name counts. */
    public List<AgentEvent> parseForm(Map<String, String> fields) {
        Map<String, Object> lower = new LinkedHashMap<>();
        fields.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        if (lower.isEmpty()) {
            throw new CallbackRejected(400, "form body is empty: send at least the fields event and user");
        }
        return List.of(toEvent(lower, now()));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).atZoneSameInstant(zone).toOffsetDateTime();
    }

    /** JSON object to a map with lower-case keys; nested objects stay nested, scalars become text. */
    private static Map<String, Object> fieldsOf(JsonNode object) {
        Map<String, Object> fields = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            Object value = v.isObject() ? fieldsOf(v) : v.isValueNode() && !v.isNull() ? v.asText() : null;
            fields.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), value);
        });
        return fields;
    }

    private AgentEvent toEvent(Map<String, Object> fields, OffsetDateTime receivedAt) {
        String user = find(fields, USER);
        if (user == null || user.isBlank()) {
            throw new CallbackRejected(400, "field 'user' is missing: send the Daktela username as one of " + USER, "user", null);
        }
        String eventText = find(fields, EVENT);
        if (eventText == null || eventText.isBlank()) {
            throw new CallbackRejected(400, "field 'event' is missing: send one of " + EVENT
                    + " with login, logout, ready or unready", "event", null);
        }
        EventKind kind = EventKind.fromDaktela(eventText).orElseThrow(() -> new CallbackRejected(400,
                "field 'event' has the unknown value '" + eventText + "': use login/logged in, logout/logged out, "
                        + "ready, or unready/not ready/paused", "event", null));
        String pause = null;
        if (kind == EventKind.UNREADY) {
            pause = find(fields, PAUSE);
            if (pause == null || pause.isBlank()) {
                throw new CallbackRejected(400, "field 'pause' is missing: an unready event needs the Daktela pause name as one of "
                        + PAUSE, "pause", null);
            }
        }
        String timeText = find(fields, TIME);
        OffsetDateTime time = receivedAt;
        if (timeText != null && !timeText.isBlank()) {
            time = DaktelaTime.parse(timeText, zone);
            if (time == null) {
                throw new CallbackRejected(400, "field 'time' has the value '" + timeText + "', which is no time: use " + DaktelaTime.FORMATS,
                        "time", null);
            }
        }
        String id = find(fields, ID);
        String trimmedUser = user.trim();
        if (id == null || id.isBlank()) {
            id = derivedId(trimmedUser, kind, pause, time);
        }
        return new AgentEvent(id.trim(), trimmedUser, kind, pause, time, receivedAt);
    }

    /** The first alias that holds a scalar; an alias that holds an object is passed over for its ".name" form. */
    @SuppressWarnings("unchecked")
    private static String find(Map<String, Object> fields, List<String> aliases) {
        for (String alias : aliases) {
            Object value = fields;
            for (String part : alias.split("\\.")) {
                value = value instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(part) : null;
            }
            if (value instanceof String text) {
                return text;
            }
        }
        return null;
    }

    /** Same user, event, pause and instant give the same id, so a resend without an id is still a duplicate. */
    static String derivedId(String user, EventKind kind, String pause, OffsetDateTime time) {
        String key = user + '\n' + kind + '\n' + (pause == null ? "" : pause) + '\n' + time.toInstant();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "d-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
