package cz.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three time formats of Daktela templates, read through the parser as a callback's time field. */
class DaktelaTimeTest {

    private static final ZoneId PRAGUE = ZoneId.of("Europe/Prague");
    private static final OffsetDateTime SEEN = OffsetDateTime.parse("2026-11-24T10:00:00+01:00");

    private final CallbackParser parser = new CallbackParser(new ObjectMapper(), PRAGUE,
            Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC), 10);

    /** The time of a login whose time field holds {@code timeJson} as it stands in the body. */
    private OffsetDateTime time(String timeJson) {
        return parser.parseJson(("{\"event\":\"login\",\"user\":\"a\",\"time\":" + timeJson + "}").getBytes(StandardCharsets.UTF_8))
                .get(0).time();
    }

    /**
     * 25 October 2026, 03:00 CEST: the clocks go back to 02:00 CET, so 02:00-03:00 comes twice. A time
     * of that hour is the later instant once that has come when the callback arrives, else the earlier;
     * java.time alone takes the earlier always, an hour early for every change in the second 02:xx hour.
     */
    @Test
    void aLocalTimeOfTheRepeatedAutumnHourIsTheOccurrenceThatHadComeWhenItArrived() {
        String local = "\"2026-10-25 02:30:00\"";
        CallbackParser firstHour = new CallbackParser(new ObjectMapper(), PRAGUE, Clock.fixed(Instant.parse("2026-10-25T00:30:04Z"), ZoneOffset.UTC), 10);
        CallbackParser secondHour = new CallbackParser(new ObjectMapper(), PRAGUE, Clock.fixed(Instant.parse("2026-10-25T01:30:04Z"), ZoneOffset.UTC), 10);
        // Daktela's clock a minute ahead of the bridge's: the later instant is still the one meant
        CallbackParser skewed = new CallbackParser(new ObjectMapper(), PRAGUE, Clock.fixed(Instant.parse("2026-10-25T01:29:00Z"), ZoneOffset.UTC), 10);
        assertThat(timeBy(firstHour, local)).isEqualTo(OffsetDateTime.parse("2026-10-25T02:30:00+02:00"));
        assertThat(timeBy(secondHour, local)).isEqualTo(OffsetDateTime.parse("2026-10-25T02:30:00+01:00"));
        assertThat(timeBy(skewed, local)).isEqualTo(OffsetDateTime.parse("2026-10-25T02:30:00+01:00"));
        // outside the repeated hour nothing changes
        assertThat(timeBy(secondHour, "\"2026-10-25 03:30:00\"")).isEqualTo(OffsetDateTime.parse("2026-10-25T03:30:00+01:00"));
        assertThat(timeBy(firstHour, "\"2026-10-25 01:30:00\"")).isEqualTo(OffsetDateTime.parse("2026-10-25T01:30:00+02:00"));
    }

    private static OffsetDateTime timeBy(CallbackParser parser, String timeJson) {
        return parser.parseJson(("{\"event\":\"login\",\"user\":\"a\",\"time\":" + timeJson + "}").getBytes(StandardCharsets.UTF_8))
                .get(0).time();
    }

    @Test
    void isoWithOffsetKeepsItsInstantInThePragueOffset() {
        assertThat(time("\"2026-11-24T10:15:02+01:00\"")).isEqualTo(OffsetDateTime.parse("2026-11-24T10:15:02+01:00"));
        OffsetDateTime utc = time("\"2026-11-24T09:15:02Z\"");
        assertThat(utc).isEqualTo(OffsetDateTime.parse("2026-11-24T10:15:02+01:00"));
        assertThat(utc.getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(time("\"2026-07-01T08:00:00.250Z\"")).isEqualTo(OffsetDateTime.parse("2026-07-01T10:00:00.250+02:00"));
    }

    /** ISO-8601's other ways to write an offset (PHP's DATE_ISO8601 writes +0100) were answered 400, "which is no time". */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T10:15:02+0100", "2026-11-24T10:15:02+01", "2026-11-24 10:15:02+01:00",
            "2026-11-24T14:45:02+0530", "2026-11-24T04:15:02-05"})
    void anOffsetWithoutItsColonOrItsMinutesIsRead(String text) {
        assertThat(DaktelaTime.parse(text, PRAGUE, SEEN)).isEqualTo(OffsetDateTime.parse("2026-11-24T10:15:02+01:00"));
    }

    /** RFC 3339 allows a lowercase 't' and 'z' (its section 5.6): answered 400, "which is no time". */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24t10:15:02+01:00", "2026-11-24T09:15:02z", "2026-11-24t09:15:02z"})
    void aLowercaseTOrZIsRead(String text) {
        assertThat(DaktelaTime.parse(text, PRAGUE, SEEN)).isEqualTo(OffsetDateTime.parse("2026-11-24T10:15:02+01:00"));
    }

    @Test
    void localTimeIsPragueTimeInWinterAndSummer() {
        assertThat(time("\"2026-11-24 10:15:02\"")).isEqualTo(OffsetDateTime.parse("2026-11-24T10:15:02+01:00"));
        assertThat(time("\"2026-07-01 10:15:02\"")).isEqualTo(OffsetDateTime.parse("2026-07-01T10:15:02+02:00"));
        assertThat(time("\"2026-11-24T10:15:02.123\"")).isEqualTo(OffsetDateTime.parse("2026-11-24T10:15:02.123+01:00"));
    }

    @Test
    void localTimeAcrossTheSpringChangeCountsTheHourThatIsNot() {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST
        OffsetDateTime before = time("\"2026-03-29 01:59:59\"");
        OffsetDateTime after = time("\"2026-03-29 03:00:00\"");
        assertThat(before.getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(after.getOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(Duration.between(before, after)).isEqualTo(Duration.ofSeconds(1));
        // a time in the gap does not exist in Prague: taken an hour later, as java.time does
        assertThat(time("\"2026-03-29 02:30:00\"")).isEqualTo(OffsetDateTime.parse("2026-03-29T03:30:00+02:00"));
    }

    @Test
    void localTimeAcrossTheAutumnChangeCountsTheRepeatedHour() {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET; which 02:30 is meant: the next test
        assertThat(Duration.between(time("\"2026-10-25 01:30:00\""), time("\"2026-10-25 03:30:00\""))).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void epochSecondsAndMillisecondsGiveTheSameInstant() {
        OffsetDateTime expected = OffsetDateTime.parse("2026-11-24T10:33:20+01:00");
        assertThat(time("1795512800")).isEqualTo(expected);
        assertThat(time("1795512800000")).isEqualTo(expected);
        assertThat(time("\"1795512800\"")).as("as text").isEqualTo(expected);
        assertThat(time("1795512800250")).isEqualTo(expected.plusNanos(250_000_000));
        assertThat(time("1795512800").getOffset()).isEqualTo(ZoneOffset.ofHours(1));
    }

    @Test
    void elevenDigitsAndMoreAreMillisecondsBelowSeconds() {
        // 99 999 999 999 s is the year 5138; 100 000 000 000 ms is 3 March 1973: read as that, and refused by the
        // callback's reading (CallbackParserTest.aTimeMoreThanTwoDaysAheadIsRefused, aTimeBeforeTheYear2000IsRefused)
        assertThat(DaktelaTime.parse("99999999999", PRAGUE, SEEN).getYear()).isEqualTo(5138);
        assertThat(DaktelaTime.parse("100000000000", PRAGUE, SEEN).toInstant()).isEqualTo(Instant.ofEpochMilli(100_000_000_000L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "\"2026-13-01 00:00:00\"", "\"2026-11-24\"", "\"24.11.2026 10:15:02\"",
            "\"1234567890123456\"", "-5", "1.5"})
    void otherTextIsNoTime(String timeJson) {
        assertThat(DaktelaTime.parse(timeJson.replace("\"", ""), PRAGUE, SEEN)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59-10:00", "+999999999-12-31T23:59:59", "-999999999-01-01 00:00:00",
            "+10000-01-01T00:00:00Z", "1969-12-31 23:59:59", "999999999999999"})
    void aTimeOutsideTheYears1970To9999IsNoTime(String text) {
        // java.time reads each (or fails on the offset with an unchecked DateTimeException, not a parse error)
        assertThat(DaktelaTime.parse(text, PRAGUE, SEEN)).isNull();
    }

    @Test
    void theFirstAndLastYearsAreTimes() {
        assertThat(DaktelaTime.parse("1970-01-01T00:00:00Z", PRAGUE, SEEN)).isEqualTo(OffsetDateTime.parse("1970-01-01T01:00:00+01:00"));
        assertThat(DaktelaTime.parse("9999-12-31 23:59:59", PRAGUE, SEEN)).isEqualTo(OffsetDateTime.parse("9999-12-31T23:59:59+01:00"));
    }

    @Test
    void noTimeIsRefusedWithTheFormatsItKnows() {
        CallbackRejected rejected = org.junit.jupiter.api.Assertions.assertThrows(CallbackRejected.class, () -> time("\"yesterday\""));
        assertThat(rejected.field()).isEqualTo("time");
        assertThat(rejected.getMessage()).contains(DaktelaTime.FORMATS);
    }

    /** As AristoTelos's API writes a time: seconds always, the offset as digits even when it is zero, milliseconds when there are any. */
    @Test
    void aTimeIsWrittenWithItsSecondsAndTheOffsetAsDigits() {
        assertThat(DaktelaTime.format(OffsetDateTime.parse("2026-11-24T10:15:00+01:00"))).isEqualTo("2026-11-24T10:15:00+01:00");
        assertThat(DaktelaTime.format(OffsetDateTime.parse("2026-11-24T10:15:02Z"))).isEqualTo("2026-11-24T10:15:02+00:00");
        assertThat(DaktelaTime.format(time("\"2026-11-24T09:15:02Z\"").withOffsetSameInstant(ZoneOffset.UTC)))
                .isEqualTo("2026-11-24T09:15:02+00:00");
        assertThat(DaktelaTime.format(OffsetDateTime.parse("2026-11-24T10:15:02.3474+02:00"))).isEqualTo("2026-11-24T10:15:02.347+02:00");
        assertThat(DaktelaTime.format(OffsetDateTime.parse("2026-11-24T10:15:02.000900-03:30"))).isEqualTo("2026-11-24T10:15:02-03:30");
    }
}
