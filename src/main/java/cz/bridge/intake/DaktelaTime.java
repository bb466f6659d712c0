package cz.bridge.intake;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads the three time formats Daktela templates produce (callbacks), and the times of its live sessions (reconciliation). */
public final class DaktelaTime {

    /**
     * ISO-8601 with or without an offset, 'T' or a space between date and time: one formatter, so
     * that a time without offset (Daktela's usual) is read without a failed attempt first (an
     * exception per callback was a measurable share of the intake's CPU).
     */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive() // RFC 3339 allows a lowercase 't' and 'z'
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            // the offset as ISO-8601 allows it, +01:00, +0100 or +01 (PHP's DATE_ISO8601 writes +0100), or Z: the pattern
            // +HH, lenient, reads the minutes when there are any, with a colon or without (appendOffsetId wanted the colon)
            .optionalStart().parseLenient().appendOffset("+HH", "Z").parseStrict().optionalEnd()
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);
    /** 1 to 15 digits (an epoch time in seconds or milliseconds). */
    private static final Pattern EPOCH_NUMBER = Pattern.compile("[0-9]{1,15}");
    /** Below this an epoch number is seconds, above it milliseconds (10^11 s is the year 5138). */
    private static final long EPOCH_MILLIS_THRESHOLD = 100_000_000_000L;
    /**
     * The years a time may have. Outside them java.time can fail on the zone's offset or on later
     * arithmetic (a year 999999999 plus the reconciliation's grace overflows), which would
     * answer a callback 503, retried for ever, instead of 400.
     */
    private static final int FIRST_YEAR = 1970;
    private static final int LAST_YEAR = 9999;

    static final String FORMATS = "ISO-8601 with offset (2026-11-24T10:15:02+01:00), "
            + "'yyyy-MM-dd HH:mm:ss' in the Daktela time zone, or epoch seconds/milliseconds, in the years "
            + FIRST_YEAR + " to " + LAST_YEAR;

    /**
     * How far a time may be ahead of its arrival: more than DAKTELA_TIME_ZONE set to the farthest wrong zone gives (26 h,
     * taken with a warning: CallbackIntake), less than a typing error does (an epoch time in milliseconds read as seconds
     * is the year 57,000; 9999-12-31). Such a time was stored and sent as it was, and reconciliation left the agent
     * alone until then, for good.
     */
    public static final Duration FURTHEST_AHEAD = Duration.ofDays(2);

    /**
     * The earliest year a state change can have: before it, a time is a template's placeholder (0, "1970-01-01 ..."), not
     * the change's. Taken, it was sent to AristoTelos as 1970, and as the derived id of an event without one counts the
     * time, each later change of the agent to the same state had that id: answered 200 duplicate and never delivered,
     * for as long as the broker keeps ids. A year, not a span before the arrival: a resend days late is still taken.
     */
    public static final int EARLIEST_YEAR = 2000;

    /**
     * The time when it can be a state change's seen at seenAt: from {@link #EARLIEST_YEAR} to {@link #FURTHEST_AHEAD} after
     * seenAt, else null. For Daktela's live sessions, whose placeholder times (0, 1970) and typing errors are no time, as
     * the intake refuses them in a callback.
     */
    public static OffsetDateTime plausible(OffsetDateTime time, OffsetDateTime seenAt) {
        return time == null || time.getYear() < EARLIEST_YEAR || time.toInstant().isAfter(seenAt.toInstant().plus(FURTHEST_AHEAD))
                ? null : time;
    }

    /** How far Daktela's clock may be ahead of the bridge's, for the hour that autumn's clock change repeats. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private DaktelaTime() {
    }

    /**
     * How the bridge writes a time: with its seconds (OffsetDateTime's own text leaves out ":00") and
     * the offset always as digits, as in AristoTelos's API ("+01:00"): ISO's "Z" for a zero offset
     * (UTC, London's winter) is one more form for AristoTelos's parser to take.
     */
    private static final DateTimeFormatter WRITTEN = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendOffset("+HH:MM:ss", "+00:00")
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE);

    /** A time as the bridge writes it, in AristoTelos's request and in every log line, to the millisecond. */
    public static String format(OffsetDateTime time) {
        return time.truncatedTo(ChronoUnit.MILLIS).format(WRITTEN);
    }

    /**
     * @param seenAt when the bridge received the time (a callback) or began to read it (live sessions):
     *               a local time of the hour the autumn's change of clocks repeats (02:00-03:00 in Prague)
     *               is the later of its two instants when that one had already come by then, else the
     *               earlier; java.time's choice, the earlier always, put the second hour's changes an hour early
     * @return the time in the Daktela zone's offset, or null where the text is no time the bridge knows
     */
    public static OffsetDateTime parse(String text, ZoneId zone, OffsetDateTime seenAt) {
        OffsetDateTime time = read(text.trim(), zone, seenAt);
        return time != null && time.getYear() >= FIRST_YEAR && time.getYear() <= LAST_YEAR ? time : null;
    }

    private static OffsetDateTime read(String value, ZoneId zone, OffsetDateTime seenAt) {
        if (EPOCH_NUMBER.matcher(value).matches()) {
            return fromEpoch(Long.parseLong(value), zone);
        }
        try {
            // parse, then look: parseBest would try OffsetDateTime first and fail inside with an exception
            TemporalAccessor time = DATE_TIME.parse(value);
            LocalDateTime local = LocalDateTime.from(time);
            return time.isSupported(ChronoField.OFFSET_SECONDS)
                    ? OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(time.get(ChronoField.OFFSET_SECONDS)))
                            .atZoneSameInstant(zone).toOffsetDateTime()
                    : inZone(local, zone, seenAt);
        } catch (DateTimeException notATime) {
            // a parse failure, or a valid text whose instant java.time cannot hold (a year 999999999 with an offset)
            return null;
        }
    }

    private static OffsetDateTime inZone(LocalDateTime local, ZoneId zone, OffsetDateTime seenAt) {
        ZonedDateTime earlier = local.atZone(zone);
        ZonedDateTime later = earlier.withLaterOffsetAtOverlap();
        boolean laterHasCome = !later.toInstant().isAfter(seenAt.toInstant().plus(CLOCK_SKEW));
        return (later.equals(earlier) || !laterHasCome ? earlier : later).toOffsetDateTime();
    }

    static OffsetDateTime fromEpoch(long value, ZoneId zone) {
        Instant instant = value >= EPOCH_MILLIS_THRESHOLD ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        return instant.atZone(zone).toOffsetDateTime();
    }
}
