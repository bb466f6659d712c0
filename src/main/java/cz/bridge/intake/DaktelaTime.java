package cz.bridge.intake;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads the three time formats Daktela templates produce. */
final class DaktelaTime {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm:ss[.SSS]");
    /** Below this an epoch number is seconds, above it milliseconds (10^11 s is the year 5138). */
    private static final long EPOCH_MILLIS_THRESHOLD = 100_000_000_000L;

    static final String FORMATS = "ISO-8601 with offset (2026-11-24T10:15:02+01:00), "
            + "'yyyy-MM-dd HH:mm:ss' in the Daktela time zone, or epoch seconds/milliseconds";

    private DaktelaTime() {
    }

    /** @return the time in the Daktela zone's offset, or null where the text is no time the bridge knows */
    static OffsetDateTime parse(String text, ZoneId zone) {
        String value = text.trim();
        if (value.matches("\\d{1,15}")) {
            return fromEpoch(Long.parseLong(value), zone);
        }
        try {
            return OffsetDateTime.parse(value).atZoneSameInstant(zone).toOffsetDateTime();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(value, LOCAL).atZone(zone).toOffsetDateTime();
            } catch (DateTimeParseException notLocal) {
                return null;
            }
        }
    }

    static OffsetDateTime fromEpoch(long value, ZoneId zone) {
        Instant instant = value >= EPOCH_MILLIS_THRESHOLD ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        return instant.atZone(zone).toOffsetDateTime();
    }
}
