package cz.bridge.intake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.config.SharedNames;
import cz.bridge.logging.OneLine;
import cz.bridge.logging.RateLimitedLog;
import cz.bridge.storage.StorageUnavailable;

import cz.bridge.monitoring.BridgeMetrics;
import cz.bridge.monitoring.DeliveryRecorder;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The Java side of the callback route: checks the content type, parses the body, and writes
 * every answer docs/setup-daktela.md lists, as JSON. The secret and the size were checked before Camel read the
 * body, by {@link CallbackDoor}. Which events were stored before is the broker's to say (the
 * route sends each with its id as the broker's duplicate id); the intake only folds an id that
 * comes twice in one batch, and hears from the route of each event the broker refused.
 */
public class CallbackIntake {

    private static final Pattern JSON_SUFFIX = Pattern.compile("application/[a-z0-9.+-]*\\+json");

    private static final Logger LOG = LoggerFactory.getLogger(CallbackIntake.class);

    /** Further ahead of its arrival than clocks drift apart: Daktela's times are read in the wrong zone, or a clock is off. */
    private static final Duration AHEAD = Duration.ofMinutes(5);

    /**
     * What a callback brought: the events to store and the ids that are duplicates (twice in the
     * batch, or refused by the broker as stored before), and those stored one by one (after a refusal). Mutable: the route
     * reports refusals and each event it stored alone.
     */
    public record Pending(List<AgentEvent> fresh, List<String> duplicates, boolean batch, List<AgentEvent> storedAlone) {
    }

    private final CallbackParser parser;
    private final ObjectMapper json;
    private final BridgeMetrics metrics;
    private final DeliveryRecorder recorder;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, CallbackDoor.REFUSALS_LOGGED_EVERY);
    private final RateLimitedLog storageFailures = new RateLimitedLog(LOG, CallbackDoor.REFUSALS_LOGGED_EVERY);

    public CallbackIntake(CallbackParser parser, ObjectMapper json, BridgeMetrics metrics, DeliveryRecorder recorder) {
        this.parser = parser;
        this.json = json;
        this.metrics = metrics;
        this.recorder = recorder;
    }

    private volatile boolean closing;

    /** When a callback answered 503 (nothing taken) may come again: from the route, and while no route takes it (DirectPlatformHttp). */
    public static final String RETRY_AFTER_SECONDS = "5";

    /** From now on callbacks are answered 503, so that Daktela sends them again (to another instance or later). */
    public void close() {
        closing = true;
    }

    /** Body in: the HTTP request. Body out: the events to store, each id once. */
    public List<AgentEvent> read(Exchange exchange) {
        Message in = exchange.getMessage();
        if (closing) {
            throw new CallbackRejected(503, "the bridge is shutting down; nothing was accepted, send the event again");
        }
        // the first of two Content-Type headers, as the door read it (Tomcat's): Camel's binding keeps both as a list, and
        // "[application/json, application/json]" was answered 415 "send application/json"
        Object type = in.getHeader(Exchange.CONTENT_TYPE);
        String contentType = (type instanceof List<?> types ? (types.isEmpty() ? "" : String.valueOf(types.get(0)))
                : type == null ? "" : type.toString()).toLowerCase(Locale.ROOT);
        List<AgentEvent> events;
        boolean batch = false;
        if (isJson(contentType)) {
            byte[] body = in.getBody(byte[].class);
            body = body == null ? new byte[0] : body;
            events = parser.parseJson(body);
            batch = body.length > 0 && firstNonBlank(body) == '[';
        } else if (isForm(contentType)) {
            events = parser.parseForm(formFields(in));
        } else {
            throw new CallbackRejected(415, notAccepted(contentType));
        }
        List<AgentEvent> fresh = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (AgentEvent event : events) {
            if (ids.add(event.id())) {
                fresh.add(event);
            } else {
                duplicates.add(event.id());
            }
        }
        exchange.setVariable(SharedNames.PENDING_VARIABLE, new Pending(fresh, duplicates, batch, new ArrayList<>()));
        return new ArrayList<>(fresh);
    }

    /**
     * A JSON body: application/json or a type of it (application/...+json), with or without parameters. One reading for
     * the door's encoding check and the intake, so that what the one takes as JSON the other does too.
     */
    public static boolean isJson(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/json") || JSON_SUFFIX.matcher(type).matches();
    }

    /** The answer to a Content-Type that is neither: the header is the sender's, cut short, as it goes into the answer and the log. */
    static String notAccepted(String contentType) {
        return "Content-Type '" + (contentType.isEmpty() ? "(none)" : OneLine.of(contentType, 100))
                + "' is not accepted: send application/json (an object or an array) or application/x-www-form-urlencoded";
    }

    /** A form body: application/x-www-form-urlencoded, with or without parameters. */
    public static boolean isForm(String contentType) {
        return mediaType(contentType).equals("application/x-www-form-urlencoded");
    }

    // not Spring's MediaType.parseMediaType: it refuses a charset it does not know ("charset=foo"), and such a body is
    // read as UTF-8 like any other (HostileInputTest)
    private static String mediaType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    /** The broker refused this event as stored before: it is answered as a duplicate. */
    public void storedBefore(AgentEvent event, Pending pending) {
        pending.fresh().remove(event);
        pending.duplicates().add(event.id());
    }

    /** Stored in a transaction of its own (a batch with an event stored before): kept whatever happens to the others. */
    public void storedAlone(AgentEvent event, Pending pending) {
        pending.storedAlone().add(event);
    }

    /** After every new event is stored: 202, or 200 when all were duplicates. */
    public void accepted(Exchange exchange) {
        Pending pending = exchange.getVariable(SharedNames.PENDING_VARIABLE, Pending.class);
        pending.fresh().forEach(this::logAccepted);
        pending.duplicates().forEach(id -> LOG.info("Duplicate event {} answered 200, not stored again", OneLine.field(id)));
        boolean allDuplicates = pending.fresh().isEmpty();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", allDuplicates ? "duplicate" : "accepted");
        if (pending.batch()) {
            answer.put("ids", pending.fresh().stream().map(AgentEvent::id).toList());
            answer.put("duplicates", pending.duplicates());
        } else {
            answer.put("id", allDuplicates ? pending.duplicates().get(0) : pending.fresh().get(0).id());
        }
        answer(exchange, allDuplicates ? 200 : 202, answer);
    }

    private void logAccepted(AgentEvent event) {
        recorder.accepted(event);
        Duration ahead = event.receivedAt() == null ? Duration.ZERO : Duration.between(event.receivedAt(), event.time());
        // taken all the same (nothing is lost), but AristoTelos would show the state that much later and
        // reconciliation leaves the agent alone until then: the operator is told what to check
        boolean wrongClock = ahead.compareTo(AHEAD) > 0;
        LOG.atLevel(wrongClock ? Level.WARN : Level.INFO).log("Accepted event {} user={} event={}{} time={}{}", OneLine.field(event.id()),
                OneLine.field(event.user()), event.kind(), event.pause() == null ? "" : " pause=" + OneLine.field(event.pause()), DaktelaTime.format(event.time()), !wrongClock ? ""
                        : " is " + Math.round(ahead.toSeconds() / 60.0) + " min ahead of its arrival: check DAKTELA_TIME_ZONE "
                                + parser.zone().getId() + " and Daktela's clock");
    }

    /** A callback that cannot be taken: 400, 401, 413 or 415 saying what to fix. */
    public void rejected(Exchange exchange) {
        CallbackRejected rejected = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, CallbackRejected.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", rejected.getMessage());
        if (rejected.field() != null) {
            answer.put("field", rejected.field());
        }
        if (rejected.index() != null) {
            answer.put("index", rejected.index());
        }
        // platform-http's message carries the servlet request, and with it the sender's address
        String sender = exchange.getIn() instanceof PlatformHttpMessage http ? http.getRequest().getRemoteAddr() : null;
        CallbackDoor.logRefusal(refusals, sender, rejected.status(), rejected.getMessage());
        answer(exchange, rejected.status(), answer);
    }

    /**
     * The events could not be stored: 503. Their broker transaction was rolled back, so the broker
     * holds neither them nor their ids, and Daktela's resend is taken as new. (A batch with an
     * event stored before is stored event by event: those stored before the failure stay, and the
     * resend finds them as duplicates.)
     */
    public void storageFailed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = cause == null ? "unknown" : org.springframework.core.NestedExceptionUtils.getMostSpecificCause(cause).toString();
        // Daktela resends every 5 s (Retry-After) and a sender decides how many: a line per callback filled the log, often
        // on the disk that is full. Each new reason is written at once
        storageFailures.errorOnChange(cause instanceof StorageUnavailable unavailable ? unavailable.forSender()
                : cause == null ? null : org.springframework.core.NestedExceptionUtils.getMostSpecificCause(cause).getClass().getName(),
                "Cannot store callback events, answered 503: {}", why);
        Map<String, Object> answer = new LinkedHashMap<>();
        Pending pending = exchange.getVariable(SharedNames.PENDING_VARIABLE, Pending.class);
        List<AgentEvent> kept = pending == null ? List.of() : pending.storedAlone();
        if (kept.isEmpty()) {
            answer.put("error", "the event could not be stored durably; nothing was accepted, send it again later");
        } else {
            // stored one by one before the failure, and kept: said, logged and counted as accepted (they were not)
            kept.forEach(this::logAccepted);
            answer.put("error", "not every event could be stored durably: those in 'ids' were stored before the failure, the "
                    + "others were not; send the callback again later (the stored ones are then answered as duplicates)");
            answer.put("ids", kept.stream().map(AgentEvent::id).toList());
        }
        if (cause instanceof StorageUnavailable unavailable) {
            answer.put("reason", unavailable.forSender());
        }
        answer(exchange, 503, answer);
    }

    /**
     * The form's fields: from the body only (an empty body has none); the query string is for the secret, not for fields.
     * Split here, not by Camel's binding: it decoded the names twice (a field named {@code note%} failed, one sent as
     * {@code %2575ser} was read as {@code user}) and took a value beginning with {@code RAW(} to its {@code )}, across '&'.
     */
    private Map<String, String> formFields(Message in) {
        byte[] body = in.getBody(byte[].class);
        Map<String, String> fields = new LinkedHashMap<>();
        String form = body == null ? "" : new String(body, StandardCharsets.ISO_8859_1);
        // a byte order mark, as Jackson skips it in JSON: it made the first field's name "\uFEFFevent", answered "field
        // 'event' is missing" (an editor that saves one, in Daktela's body template)
        form = form.startsWith(UTF8_BOM) ? form.substring(UTF8_BOM.length()) : form;
        for (String pair : form.isEmpty() ? new String[0] : form.split("&")) {
            int equals = pair.indexOf('=');
            // the door let through only name=value pairs
            String name = decode(pair.substring(0, equals));
            if (fields.putIfAbsent(name, decode(pair.substring(equals + 1))) != null) {
                String shown = OneLine.of(name, 40);
                throw new CallbackRejected(400, "form field '" + shown + "' is given twice: send it once", shown, null);
            }
        }
        return fields;
    }

    /** Percent escapes and raw bytes alike to the bytes sent, read as UTF-8 (the door checked that they are). */
    private static String decode(String latin1) {
        try {
            return new String(URLDecoder.decode(latin1, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CallbackRejected(400, "form body is not URL-encoded: " + e.getMessage());
        }
    }

    /** U+FEFF's UTF-8 bytes, as the form's ISO-8859-1 reading gives them. */
    private static final String UTF8_BOM = "\u00EF\u00BB\u00BF";

    private static int firstNonBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return b;
            }
        }
        return -1;
    }

    private void answer(Exchange exchange, int status, Map<String, Object> answer) {
        metrics.callbackAnswered(status);
        Message out = exchange.getMessage();
        // the request's headers (the secret among them) must not be echoed as response headers
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (status == 503) {
            // shutting down or the store refused, nothing taken: Retry-After says when Daktela may send it again
            out.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        // bytes in UTF-8: a String would be encoded in the charset the request named, whatever that was
        exchange.setProperty(Exchange.CHARSET_NAME, StandardCharsets.UTF_8.name());
        try {
            out.setBody(json.writeValueAsBytes(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer map is always writable", e);
        }
    }
}
