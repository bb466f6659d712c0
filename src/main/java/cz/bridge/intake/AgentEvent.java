package cz.bridge.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * One Daktela agent-state change as the bridge stores it durably.
 *
 * @param id         Daktela's event id, or one derived from the other fields
 * @param user       Daktela username (AristoTelos "external system id 2")
 * @param kind       what happened
 * @param pause      Daktela pause name for {@link EventKind#UNREADY}, otherwise null
 * @param time       when it happened, with the offset it happened at
 * @param receivedAt when the bridge accepted it
 * @param origin     {@link #REPAIR} for an event reconciliation derived from Daktela's live sessions;
 *                   null for a callback (and for every event stored before origins were recorded)
 */
public record AgentEvent(String id, String user, EventKind kind, String pause,
                         OffsetDateTime time, OffsetDateTime receivedAt, String origin) {

    /** The origin of an event reconciliation stored (docs/reconciliation.md). */
    public static final String REPAIR = "repair";

    /** A callback's event. */
    public AgentEvent(String id, String user, EventKind kind, String pause, OffsetDateTime time, OffsetDateTime receivedAt) {
        this(id, user, kind, pause, time, receivedAt, null);
    }

    /** True for an event reconciliation stored, false for a callback's (a static helper, not a property of the stored JSON). */
    public static boolean repaired(AgentEvent event) {
        return REPAIR.equals(event.origin());
    }

    /**
     * Bounds of the values from outside. Daktela logins and pause names are short identifiers
     * and titles; the bounds leave room and keep a stored event, its JMS group id, its log line
     * and its Idempotency-Key small.
     */
    public static final int MAX_USER_LENGTH = 128;
    public static final int MAX_PAUSE_LENGTH = 255;
    public static final int MAX_ID_LENGTH = 128;

    /**
     * A username as the bridge keys its agent (message group, last state): without spaces of any kind at its ends (a
     * no-break space, an em space, a byte order mark too: trim() left them, so "\u00a0" was a user, and "jnovak\u2003"
     * another agent than jnovak), in Unicode's composed form (NFC: "Dvor\u030Cák" and "Dvořák" are one agent).
     * Null when nothing is left.
     */
    public static String username(String raw) {
        if (raw == null) {
            return null;
        }
        String name = withoutBlankEnds(raw);
        if (name.isEmpty()) {
            return null;
        }
        return composed(name);
    }

    /**
     * In Unicode's composed form (NFC), as Daktela and most editors write: how user names, pause names and mappings.yaml's
     * values are compared ("Dvor\u030Cák", a Mac's paste, is "Dvořák"). The text itself when it is so already, with no copy
     * (a pause's name is matched at each delivery). Null stays null.
     */
    public static String composed(String text) {
        return text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** Without spaces of any kind at its ends (a no-break space, an em space, a byte order mark too, which strip() leaves). */
    public static String withoutBlankEnds(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && blankAtEnd(value.charAt(start))) {
            start++;
        }
        while (end > start && blankAtEnd(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean blankAtEnd(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT;
    }

    /**
     * The first invisible character in a username (a zero-width space, a joiner: Unicode's format characters), or -1: a
     * name that differs from another by one only looks like it, in the status page, the log and AristoTelos alike.
     */
    public static int invisibleCharacter(String username) {
        return username.codePoints().filter(c -> Character.getType(c) == Character.FORMAT).findFirst().orElse(-1);
    }

    /**
     * The first control character in a value from outside (line breaks, escapes, NUL, U+2028/2029,
     * lone surrogates), or -1: such a value has no place in a username, pause name or id, and would
     * break the shape of a log line or a broker header.
     */
    public static int controlCharacter(String value) {
        return value.codePoints().filter(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                || Character.getType(c) == Character.SURROGATE).findFirst().orElse(-1);
    }

    /**
     * Why a value from outside is not taken ("is 300 characters long, over the limit of 128", "holds a control
     * character (U+000A)"), or null: the intake's answer and the delivery's parking reason say it alike.
     */
    public static String problem(String value, int maxLength) {
        if (value.length() > maxLength) {
            return "is " + value.length() + " characters long, over the limit of " + maxLength;
        }
        int bad = controlCharacter(value);
        return bad == -1 ? null : "holds a control character (U+" + String.format("%04X", bad) + ")";
    }

    /** Within the length and free of control characters: what the intake takes, and reconciliation too. */
    public static boolean acceptable(String value, int maxLength) {
        return value != null && problem(value, maxLength) == null;
    }

    /**
     * The broker's duplicate id (_AMQ_DUPL_ID, routes/callback.camel.yaml): 96 bits of SHA-256 of the id, because
     * Artemis's id cache hashes ids as 31 × h + c, easy to collide on purpose (docs/decisions.md, "Duplicates").
     */
    public String duplicateId() {
        return digest("i-", id);
    }

    /**
     * The Idempotency-Key of an event id: the id itself, or for an id with a character outside printable ASCII a digest
     * of it. The HTTP client writes a header's characters as single bytes, each above U+00FF as '?': "evt-č" and "evt-ř"
     * both went out as "evt-?", one key for two events, which an AristoTelos that folds requests by key takes as one.
     */
    public static String idempotencyKey(String id) {
        return id.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? id : digest("k-", id);
    }

    private static String digest(String prefix, String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /**
     * The id of an event that comes without one, a callback's or a repair's alike: the same state
     * change gets the same id whichever way it reaches the bridge, so the broker stores it once (a
     * callback that comes after its repair is a duplicate). A repair is told by its origin, not its id.
     */
    public static String derivedId(String user, EventKind kind, String pause, OffsetDateTime time) {
        return digest("d-", user + '\n' + kind + '\n' + (pause == null ? "" : pause) + '\n' + time.toInstant());
    }
}
