package cz.bridge.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
     * The first control character in a value from outside (line breaks, escapes, NUL, U+2028/2029,
     * lone surrogates), or -1: such a value has no place in a username, pause name or id, and would
     * break the shape of a log line or a broker header.
     */
    public static int controlCharacter(String value) {
        return value.codePoints().filter(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                || Character.getType(c) == Character.SURROGATE).findFirst().orElse(-1);
    }

    /** Within the length and free of control characters: what the intake takes, and reconciliation too. */
    public static boolean acceptable(String value, int maxLength) {
        return value != null && value.length() <= maxLength && controlCharacter(value) == -1;
    }

    /**
     * The id of an event that comes without one, a callback's or a repair's alike: the same state
     * change gets the same id whichever way it reaches the bridge, so the broker stores it once (a
     * callback that comes after its repair is a duplicate). A repair is told by its origin, not its id.
     */
    public static String derivedId(String user, EventKind kind, String pause, OffsetDateTime time) {
        return derivedId("d-", 12, user, kind, pause, time.toInstant());
    }

    /**
     * An id derived from the event's own fields (user, kind, pause, time as {@code timeKey} gives
     * it): the same fields give the same id on every instance, so the broker's duplicate detection
     * folds a resend or a second instance's repair.
     */
    public static String derivedId(String prefix, int hashBytes, String user, EventKind kind, String pause, Object timeKey) {
        String key = user + '\n' + kind + '\n' + (pause == null ? "" : pause) + '\n' + timeKey;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(hash, 0, hashBytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
