package cz.bridge.intake;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import cz.bridge.logging.OneLine;

/**
 * Turns a Daktela callback body into agent events (docs/setup-daktela.md, "What the bridge accepts"): field names without case,
 * the first alias found wins, "a.b" reaches into an object. A batch is all or nothing.
 * Every value is bounded (see {@link AgentEvent}) and free of control characters, so what is
 * stored, logged and sent on has a known size and shape.
 */
public class CallbackParser {

    /** A callback is a flat object, at most with "user": {"name": …}; deeper nesting is no callback. */
    private static final int MAX_NESTING = 16;
    /**
     * Values, names and brackets in a body (a batch of 100 events of up to 48 plain fields each), bounded before the
     * body is made a tree: 256 KB of "[{},{},…]" is 87,000 objects, some 13 MB of heap.
     */
    static final int MAX_TOKENS = 10_000;
    /** Epoch milliseconds have 13 digits. */
    private static final int MAX_NUMBER_LENGTH = 32;
    private static final int MAX_EVENT_LENGTH = 32;
    private static final int MAX_TIME_LENGTH = 64;

    private static final List<String> USER = List.of("user", "username", "agent", "login", "user.name", "id_agent", "id_agent.name");
    private static final List<String> EVENT = List.of("event", "state", "status", "type");
    private static final List<String> PAUSE = List.of("pause", "reason", "pause_name", "id_pause", "id_pause.name");
    private static final List<String> TIME = List.of("time", "timestamp", "statetime", "_time", "datetime");
    private static final List<String> ID = List.of("id", "event_id", "eventid");

    private final ObjectReader json;
    private final ZoneId zone;
    private final Clock clock;
    private final int maxBatchEvents;

    public CallbackParser(ObjectMapper json, ZoneId zone, Clock clock, int maxBatchEvents) {
        ObjectMapper bounded = json.copy();
        bounded.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).maxNumberLength(MAX_NUMBER_LENGTH).maxTokenCount(MAX_TOKENS).build());
        // {"user":"a","user":"b"} would otherwise be read as b without a word: which one did Daktela mean?
        bounded.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // {…}{…} would otherwise be read as the first object, and the second lost without a word
        this.json = bounded.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.zone = zone;
        this.clock = clock;
        this.maxBatchEvents = maxBatchEvents;
    }

    public List<AgentEvent> parseJson(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            if (e instanceof StreamConstraintsException && String.valueOf(e.getOriginalMessage()).startsWith("Token count")) {
                // valid JSON, only too much of it: as a batch over the limit, not "not valid JSON" (a 400 says: do not resend)
                throw new CallbackRejected(413, "body has more than " + MAX_TOKENS + " JSON values, names and brackets: send "
                        + "smaller batches, or fewer fields per event");
            }
            // Jackson's own limits (nesting, number length) come without a location
            JsonLocation at = e.getLocation();
            // Jackson quotes what it read (a name of 50,000 characters whole): bounded in the answer and the log
            throw new CallbackRejected(400, "body is not valid JSON: " + OneLine.of(withoutJacksonNames(e.getOriginalMessage()), 300)
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new CallbackRejected(400, "body could not be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new CallbackRejected(400, "body is empty: send one JSON object or an array of them");
        }
        OffsetDateTime receivedAt = now();
        if (root.isObject()) {
            return List.of(toEvent(fieldsOf(root), receivedAt, receivedAt));
        }
        if (!root.isArray()) {
            throw new CallbackRejected(400, "body must be a JSON object or an array of objects, not " + root.getNodeType());
        }
        if (root.isEmpty()) {
            throw new CallbackRejected(400, "batch is empty: send at least one event");
        }
        if (root.size() > maxBatchEvents) {
            throw new CallbackRejected(413, "batch of " + root.size() + " events is over the limit of " + maxBatchEvents
                    + ": send smaller batches (or raise bridge.callback.max-batch-events)");
        }
        List<AgentEvent> events = new ArrayList<>(root.size());
        boolean allTimed = true;
        // each id's first item, and whether it had a time: a template whose id is a constant gave other events the id
        // of the first, and the intake took them for its repetitions, dropped with a 202
        Map<String, Integer> firstWithId = new HashMap<>();
        List<Boolean> timed = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            try {
                if (!item.isObject()) {
                    throw new CallbackRejected(400, "must be a JSON object, not " + item.getNodeType());
                }
                // an event without a time happened at the receipt, after the batch's events before it: a nanosecond
                // each, so that two alike (ready, unready, ready) are not one derived id, the second taken as a resend
                OffsetDateTime untimed = receivedAt.plusNanos(i);
                AgentEvent event = toEvent(fieldsOf(item), receivedAt, untimed);
                timed.add(!event.time().equals(untimed));
                allTimed &= timed.get(i);
                Integer first = firstWithId.putIfAbsent(event.id(), i);
                if (first != null && !sameChange(events.get(first), timed.get(first), event, timed.get(i))) {
                    throw new CallbackRejected(400, "has the id '" + OneLine.of(event.id(), 128) + "' of item " + first
                            + ", but another state change: give each event its own id (the id field), or send none", "id", null);
                }
                events.add(event);
            } catch (CallbackRejected rejected) {
                throw rejected.atIndex(i);
            }
        }
        if (allTimed) {
            // stored, and so delivered, in the order they happened (a stable sort: of one time, in the batch's order);
            // with an event without a time among them the batch's order is the best knowledge there is
            events.sort(Comparator.comparing(event -> event.time().toInstant()));
        }
        return events;
    }

    /** One state change sent twice: the same agent, state and pause, and the same time where both give one. */
    private static boolean sameChange(AgentEvent a, boolean aTimed, AgentEvent b, boolean bTimed) {
        return a.user().equals(b.user()) && a.kind() == b.kind() && Objects.equals(a.pause(), b.pause())
                && (aTimed && bTimed ? a.time().toInstant().equals(b.time().toInstant()) : aTimed == bTimed);
    }

    /**
     * Jackson's message without the names of its own classes and options, which say nothing to the sender:
     * "(bound as `...JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
     * ", from `StreamReadConstraints.getMaxNestingDepth()`", ": enable `JsonReadFeature...` to allow".
     */
    static String withoutJacksonNames(String message) {
        return message == null ? "" : JACKSON_NAMES.matcher(message).replaceAll("");
    }

    private static final Pattern JACKSON_NAMES = Pattern.compile(
            " \\(bound as `[^`]*`\\): not allowed as per `[^`]*`|, from `[^`]*`|: enable `[^`]*` to allow");

    /** Form fields (each name once: CallbackIntake refuses a repeated one); of two spellings of a name the first counts, as in JSON. */
    public List<AgentEvent> parseForm(Map<String, String> fields) {
        Map<String, Object> lower = new LinkedHashMap<>();
        fields.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        if (lower.isEmpty()) {
            throw new CallbackRejected(400, "form body is empty: send at least the fields event and user");
        }
        OffsetDateTime receivedAt = now();
        return List.of(toEvent(lower, receivedAt, receivedAt));
    }

    /** The zone Daktela's local times are read in (DAKTELA_TIME_ZONE). */
    public ZoneId zone() {
        return zone;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).atZoneSameInstant(zone).toOffsetDateTime();
    }

    /**
     * JSON object to a map with lower-case keys; nested objects stay nested, text and whole numbers
     * become text. Other values (true, 1.5, 1e400, a list) are kept as {@link NotText}: as text they would
     * be "true", "1.5" or "Infinity", and two different ids could become one.
     */
    private static Map<String, Object> fieldsOf(JsonNode object) {
        Map<String, Object> fields = new ObjectFields(object);
        object.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            // a list is NotText too: taken for no value, it was "missing" though sent, or a later alias was read instead
            Object value = v.isObject() ? fieldsOf(v) : v.isTextual() || v.isIntegralNumber() ? v.asText()
                    : !v.isNull() && !v.isMissingNode() ? new NotText(v) : null;
            fields.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), value);
        });
        return fields;
    }

    /** A nested object's fields, with the object to describe it by where a field may not be one. */
    private static final class ObjectFields extends LinkedHashMap<String, Object> {
        private final transient JsonNode node;

        ObjectFields(JsonNode node) {
            this.node = node;
        }
    }

    /**
     * A value a field of the callback cannot be: a boolean, a number with a fraction or an exponent, a list.
     * Described only when one of the fields holds it (other members of the body may hold anything).
     */
    private record NotText(JsonNode node) {
        String what() {
            return node.getNodeType() + " " + OneLine.of(node.toString(), 40);
        }
    }


    private AgentEvent toEvent(Map<String, Object> fields, OffsetDateTime receivedAt, OffsetDateTime untimed) {
        String user = AgentEvent.username(bounded("user", find(fields, USER), AgentEvent.MAX_USER_LENGTH));
        if (user == null) {
            throw new CallbackRejected(400, "field 'user' is missing: send the Daktela username as one of " + USER, "user", null);
        }
        if (user.length() > AgentEvent.MAX_USER_LENGTH) {
            // composing can lengthen a name (U+FB2C is three characters composed): such a name was answered 202 and then
            // refused by the delivery's read of the stored event, parked, never delivered
            throw new CallbackRejected(400, "field 'user' is " + user.length() + " characters long in Unicode's composed form (NFC), "
                    + "over the limit of " + AgentEvent.MAX_USER_LENGTH + ": send the Daktela username", "user", null);
        }
        int invisible = AgentEvent.invisibleCharacter(user);
        if (invisible != -1) {
            throw new CallbackRejected(400, "field 'user' holds an invisible character (U+" + String.format("%04X", invisible)
                    + "): send the Daktela username alone", "user", null);
        }
        String eventText = bounded("event", find(fields, EVENT), MAX_EVENT_LENGTH);
        if (eventText == null || eventText.isBlank()) {
            throw new CallbackRejected(400, "field 'event' is missing: send one of " + EVENT
                    + " with login, logout, ready or unready", "event", null);
        }
        EventKind kind = EventKind.fromDaktela(eventText).orElseThrow(() -> new CallbackRejected(400,
                "field 'event' has the unknown value '" + eventText + "': use login/logged in, logout/logged out, "
                        + "ready, or unready/not ready/paused", "event", null));
        String pause = null;
        if (kind == EventKind.UNREADY) {
            pause = bounded("pause", find(fields, PAUSE), AgentEvent.MAX_PAUSE_LENGTH);
            if (pause == null || pause.isBlank()) {
                throw new CallbackRejected(400, "field 'pause' is missing: an unready event needs the Daktela pause name as one of "
                        + PAUSE, "pause", null);
            }
        }
        String timeText = bounded("time", find(fields, TIME), MAX_TIME_LENGTH);
        OffsetDateTime time = untimed;
        if (timeText != null && !timeText.isBlank()) {
            time = DaktelaTime.parse(timeText, zone, receivedAt);
            if (time == null) {
                throw new CallbackRejected(400, "field 'time' has the value '" + timeText + "', which is no time: use " + DaktelaTime.FORMATS,
                        "time", null);
            }
            if (time.toInstant().isAfter(receivedAt.toInstant().plus(DaktelaTime.FURTHEST_AHEAD))) {
                throw new CallbackRejected(400, "field 'time' has the value '" + timeText + "', " + Duration.between(receivedAt, time).toDays()
                        + " days after its arrival: send the time the state changed (an epoch time in seconds or milliseconds, "
                        + "not both mixed)", "time", null);
            }
            if (time.getYear() < DaktelaTime.EARLIEST_YEAR) {
                throw new CallbackRejected(400, "field 'time' has the value '" + timeText + "', a time in " + time.getYear()
                        + ", before " + DaktelaTime.EARLIEST_YEAR + ": send the time the state changed, or no time (the time of arrival is taken)",
                        "time", null);
            }
        }
        String id = bounded("id", find(fields, ID), AgentEvent.MAX_ID_LENGTH);
        if (id == null || id.isBlank()) {
            // same user, event, pause and instant give the same id, so a resend without an id is still a duplicate
            id = AgentEvent.derivedId(user, kind, pause, time);
        }
        return new AgentEvent(id.trim(), user, kind, pause, time, receivedAt);
    }

    /**
     * A value within its length and without control characters (line breaks, escapes, NUL,
     * lone surrogates): they have no place in a username, pause name or id, and would let a
     * value break the shape of a log line.
     */
    private static String bounded(String field, String value, int maxLength) {
        String problem = value == null ? null : AgentEvent.problem(value, maxLength);
        if (problem != null) {
            throw new CallbackRejected(400, "field '" + field + "' " + problem, field, null);
        }
        int placeholder = value == null ? -1 : value.indexOf("{{");
        if (placeholder >= 0 && value.indexOf("}}", placeholder) > 0) {
            // a placeholder Daktela does not know is sent as written: as the id, every callback after the first was the
            // same id, answered 200 duplicate and never delivered; as the user or the pause, each event was parked
            throw new CallbackRejected(400, "field '" + field + "' holds '" + OneLine.of(value, 100) + "', a template placeholder "
                    + "Daktela did not replace: take the placeholder names from Daktela's Events module (README, \"Setting up "
                    + "Daktela\"), or leave the field out", field, null);
        }
        return value;
    }

    /**
     * The first alias that holds a scalar; an alias that holds an object is passed over for its ".name" form, refused
     * where it has none. A dotted
     * alias is a field of that name first (a form's fields are flat: id_agent.name=jnovak), then a field of an object.
     */
    @SuppressWarnings("unchecked")
    private static String find(Map<String, Object> fields, List<String> aliases) {
        for (String alias : aliases) {
            Object value = fields.get(alias);
            if (value == null && alias.indexOf('.') > 0) {
                value = fields;
                for (String part : alias.split("\\.")) {
                    value = value instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(part) : null;
                }
            }
            if (value instanceof String text) {
                return text;
            }
            if (value instanceof ObjectFields object && aliases.stream().noneMatch(other -> other.startsWith(alias + "."))) {
                // an alias without a ".name" form: passed over, a time sent as an object (PHP's DateTime) was the time of
                // arrival, an id the derived one
                value = new NotText(object.node);
            }
            if (value instanceof NotText notText) {
                String field = aliases.get(0);
                throw new CallbackRejected(400, "field '" + alias + "' is " + notText.what() + ": send it as text (\"…\")"
                        + " or a whole number", field, null);
            }
        }
        return null;
    }
}
