package cz.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The callback parser without Spring (docs/setup-daktela.md): names, aliases, batches, bounds, Jackson's limits. */
class CallbackParserTest {

    private static final ZoneId PRAGUE = ZoneId.of("Europe/Prague");
    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private static final int MAX_BATCH = 3;

    private final CallbackParser parser = new CallbackParser(new ObjectMapper(), PRAGUE, Clock.fixed(NOW, ZoneOffset.UTC), MAX_BATCH);

    private List<AgentEvent> parse(String json) {
        return parser.parseJson(json.getBytes(StandardCharsets.UTF_8));
    }

    private AgentEvent one(String json) {
        List<AgentEvent> events = parse(json);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private CallbackRejected rejected(String json) {
        try {
            parse(json);
        } catch (CallbackRejected e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    // --- names and aliases

    @Test
    void plainEventTakesUserEventAndReceivedTime() {
        AgentEvent event = one("{\"event\":\"login\",\"user\":\"novak\"}");
        assertThat(event.user()).isEqualTo("novak");
        assertThat(event.kind()).isEqualTo(EventKind.LOGIN);
        assertThat(event.pause()).isNull();
        assertThat(event.time()).isEqualTo(event.receivedAt());
        assertThat(event.receivedAt()).isEqualTo(OffsetDateTime.parse("2026-11-24T10:00:00+01:00"));
        assertThat(event.receivedAt().getOffset()).as("in the Daktela zone's offset").isEqualTo(ZoneOffset.ofHours(1));
    }

    @Test
    void everyAliasIsRead() {
        AgentEvent event = one("{\"eventid\":\"e1\",\"status\":\"unready\",\"login\":\"novak\",\"pause_name\":\"lunch\","
                + "\"datetime\":\"2026-11-24 10:15:02\"}");
        assertThat(event.id()).isEqualTo("e1");
        assertThat(event.user()).isEqualTo("novak");
        assertThat(event.kind()).isEqualTo(EventKind.UNREADY);
        assertThat(event.pause()).isEqualTo("lunch");
        assertThat(event.time()).isEqualTo(OffsetDateTime.parse("2026-11-24T10:15:02+01:00"));

        assertThat(one("{\"type\":\"ready\",\"agent\":\"a\",\"event_id\":\"x\",\"_time\":1795507200}").user()).isEqualTo("a");
        assertThat(one("{\"state\":\"ready\",\"username\":\"u\",\"timestamp\":1795507200}").user()).isEqualTo("u");
        assertThat(one("{\"event\":\"unready\",\"user\":\"u\",\"reason\":\"dnd\",\"statetime\":1795507200}").pause()).isEqualTo("dnd");
    }

    @Test
    void firstAliasInTheListWinsWhateverTheOrderInTheBody() {
        AgentEvent event = one("{\"agent\":\"third\",\"username\":\"second\",\"user\":\"first\",\"event\":\"ready\",\"state\":\"login\"}");
        assertThat(event.user()).isEqualTo("first");
        assertThat(event.kind()).isEqualTo(EventKind.READY);
    }

    @Test
    void dottedAliasReachesIntoAnObject() {
        assertThat(one("{\"event\":\"login\",\"user\":{\"name\":\"novak\",\"title\":\"Jan Novák\"}}").user()).isEqualTo("novak");
        AgentEvent event = one("{\"event\":\"unready\",\"id_agent\":{\"name\":\"svoboda\"},\"id_pause\":{\"name\":\"lunch\"}}");
        assertThat(event.user()).isEqualTo("svoboda");
        assertThat(event.pause()).isEqualTo("lunch");
    }

    @Test
    void namesAreReadWithoutCaseAtEveryLevel() {
        AgentEvent event = one("{\"EVENT\":\"Unready\",\"User\":{\"Name\":\"novak\"},\"PAUSE\":\"lunch\",\"Id\":\"e-7\"}");
        assertThat(event.user()).isEqualTo("novak");
        assertThat(event.kind()).isEqualTo(EventKind.UNREADY);
        assertThat(event.pause()).as("the value keeps its case").isEqualTo("lunch");
        assertThat(event.id()).isEqualTo("e-7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "Logged In", "logged_in", "LOGOUT", "logged-out", "ready", "unready", "Not Ready", "paused", "pause"})
    void everyDaktelaSpellingOfTheEventIsKnown(String spelling) {
        assertThat(one("{\"event\":\"" + spelling + "\",\"user\":\"a\",\"pause\":\"lunch\"}").kind())
                .isEqualTo(EventKind.fromDaktela(spelling.replace("ged", "")).orElseThrow());
    }

    @Test
    void missingOrUnknownFieldsAreNamed() {
        assertThat(rejected("{\"event\":\"login\"}").field()).isEqualTo("user");
        assertThat(rejected("{\"event\":\"login\",\"user\":\"  \"}").field()).isEqualTo("user");
        assertThat(rejected("{\"user\":\"novak\"}").field()).isEqualTo("event");
        CallbackRejected unknown = rejected("{\"event\":\"coffee\",\"user\":\"novak\"}");
        assertThat(unknown.field()).isEqualTo("event");
        assertThat(unknown.getMessage()).contains("'coffee'");
        assertThat(rejected("{\"event\":\"unready\",\"user\":\"novak\"}").field()).isEqualTo("pause");
        CallbackRejected badTime = rejected("{\"event\":\"login\",\"user\":\"novak\",\"time\":\"yesterday\"}");
        assertThat(badTime.field()).isEqualTo("time");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.index()).as("no batch").isNull();
    }

    /**
     * A placeholder the template names but Daktela does not have is sent as written: as the id, each callback after the
     * first was answered 200 duplicate and never delivered (a read-only review of the intake).
     */
    @Test
    void aPlaceholderDaktelaDidNotReplaceIsNamedWithItsField() {
        for (String field : List.of("id", "user", "pause", "time")) {
            String json = "{\"event\":\"unready\",\"user\":\"novak\",\"pause\":\"lunch\",\"time\":\"2026-11-24 10:15:02\",\"id\":\"e1\"}"
                    .replace("\"" + field + "\":\"", "\"" + field + "\":\"{{event." + field + "}}");
            CallbackRejected placeholder = rejected(json);
            assertThat(placeholder.field()).as(json).isEqualTo(field);
            assertThat(placeholder.getMessage()).isEqualTo("field '" + field + "' holds '{{event." + field + "}}"
                    + (field.equals("id") ? "e1" : field.equals("user") ? "novak" : field.equals("pause") ? "lunch" : "2026-11-24 10:15:02")
                    + "', a template placeholder Daktela did not replace: take the placeholder names from Daktela's Events module "
                    + "(README, \"Setting up Daktela\"), or leave the field out");
        }
        assertThat(one("{\"event\":\"ready\",\"user\":\"novak\",\"id\":\"{{half\"}").id()).as("no closing braces").isEqualTo("{{half");
    }

    @Test
    void pauseOfAnEventOtherThanUnreadyIsIgnored() {
        assertThat(one("{\"event\":\"ready\",\"user\":\"novak\",\"pause\":\"lunch\"}").pause()).isNull();
    }

    // --- ids

    @Test
    void valuesAreTrimmedAndAMissingIdIsDerivedFromTheEvent() {
        AgentEvent event = one("{\"id\":\" e-1 \",\"event\":\"login\",\"user\":\" novak \"}");
        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.user()).isEqualTo("novak");

        String first = one("{\"event\":\"unready\",\"user\":\"novak\",\"pause\":\"lunch\",\"time\":\"2026-11-24 11:30:02\"}").id();
        String again = one("{\"state\":\"Not Ready\",\"username\":\"novak\",\"reason\":\"lunch\",\"timestamp\":\"2026-11-24T10:30:02Z\"}").id();
        assertThat(first).startsWith("d-").isEqualTo(again);
        assertThat(one("{\"event\":\"unready\",\"user\":\"novak\",\"pause\":\"dnd\",\"time\":\"2026-11-24 11:30:02\"}").id())
                .as("another pause is another event").isNotEqualTo(first);
    }

    // --- batches

    @Test
    void batchGivesItsEventsInOrderWithOneReceivedTime() {
        List<AgentEvent> events = parse("[{\"event\":\"login\",\"user\":\"a\"},{\"event\":\"ready\",\"user\":\"a\"},"
                + "{\"event\":\"unready\",\"user\":\"a\",\"pause\":\"lunch\"}]");
        assertThat(events).extracting(AgentEvent::kind).containsExactly(EventKind.LOGIN, EventKind.READY, EventKind.UNREADY);
        assertThat(events).extracting(AgentEvent::receivedAt).containsOnly(events.get(0).receivedAt());
    }

    /** Events without a time happened at the receipt, in the batch's order: two alike are two events, not one id twice. */
    @Test
    void untimedEventsOfABatchAreDistinctInTheBatchsOrder() {
        List<AgentEvent> events = parse("[{\"event\":\"ready\",\"user\":\"a\"},{\"event\":\"unready\",\"user\":\"a\",\"pause\":\"lunch\"},"
                + "{\"event\":\"ready\",\"user\":\"a\"}]");
        assertThat(events).extracting(AgentEvent::kind).containsExactly(EventKind.READY, EventKind.UNREADY, EventKind.READY);
        assertThat(events).extracting(AgentEvent::id).doesNotHaveDuplicates();
        assertThat(events.get(0).time()).isEqualTo(events.get(0).receivedAt());
        assertThat(events).extracting(AgentEvent::time).isSorted();
    }

    /** Sorted by time when every event has one; with one without, the batch's order stands (it is the best knowledge). */
    @Test
    void aTimedBatchIsInTimeOrderAndAMixedOneInItsOwn() {
        List<AgentEvent> timed = parse("[{\"event\":\"ready\",\"user\":\"a\",\"time\":\"2026-11-24 11:00:05\"},"
                + "{\"event\":\"login\",\"user\":\"a\",\"time\":\"2026-11-24 11:00:00\"},"
                + "{\"event\":\"logout\",\"user\":\"a\",\"time\":\"2026-11-24 11:00:05\"}]");
        assertThat(timed).extracting(AgentEvent::kind).containsExactly(EventKind.LOGIN, EventKind.READY, EventKind.LOGOUT);
        List<AgentEvent> mixed = parse("[{\"event\":\"login\",\"user\":\"a\",\"time\":\"2026-11-24 11:00:00\"},"
                + "{\"event\":\"ready\",\"user\":\"a\"},{\"event\":\"logout\",\"user\":\"a\",\"time\":\"2026-11-24 10:00:00\"}]");
        assertThat(mixed).extracting(AgentEvent::kind).containsExactly(EventKind.LOGIN, EventKind.READY, EventKind.LOGOUT);
    }

    @Test
    void batchIsAllOrNothingAndNamesTheBadItem() {
        CallbackRejected rejected = rejected("[{\"event\":\"login\",\"user\":\"a\"},{\"event\":\"ready\",\"user\":\"a\"},"
                + "{\"event\":\"unready\",\"user\":\"a\"}]");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.index()).isEqualTo(2);
        assertThat(rejected.field()).isEqualTo("pause");
        assertThat(rejected.getMessage()).startsWith("item 2: ");

        CallbackRejected notAnObject = rejected("[{\"event\":\"login\",\"user\":\"a\"},\"login\"]");
        assertThat(notAnObject.index()).isEqualTo(1);
        assertThat(notAnObject.getMessage()).contains("must be a JSON object");
    }

    @Test
    void batchMustHoldOneToTheLimitOfEvents() {
        assertThat(rejected("[]").status()).isEqualTo(400);
        String event = "{\"event\":\"ready\",\"user\":\"a\"}";
        assertThat(parse("[" + String.join(",", event, event, event) + "]")).hasSize(MAX_BATCH);
        CallbackRejected tooMany = rejected("[" + String.join(",", event, event, event, event) + "]");
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.getMessage()).contains("4 events").contains("max-batch-events");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\"login\"", "42", "null", "true"})
    void bodyOtherThanAnObjectOrArrayIsRefused(String body) {
        assertThat(rejected(body).status()).isEqualTo(400);
    }

    // --- bounds and control characters

    @Test
    void valuesUpToTheirLimitAreTakenOneMoreIsRefused() {
        String user = "u".repeat(AgentEvent.MAX_USER_LENGTH);
        String pause = "p".repeat(AgentEvent.MAX_PAUSE_LENGTH);
        String id = "i".repeat(AgentEvent.MAX_ID_LENGTH);
        AgentEvent atLimit = one("{\"id\":\"" + id + "\",\"event\":\"unready\",\"user\":\"" + user + "\",\"pause\":\"" + pause + "\"}");
        assertThat(atLimit.user()).isEqualTo(user);
        assertThat(atLimit.pause()).isEqualTo(pause);
        assertThat(atLimit.id()).isEqualTo(id);

        assertThat(rejected("{\"event\":\"login\",\"user\":\"" + user + "u\"}").field()).isEqualTo("user");
        assertThat(rejected("{\"event\":\"unready\",\"user\":\"a\",\"pause\":\"" + pause + "p\"}").field()).isEqualTo("pause");
        CallbackRejected longId = rejected("{\"id\":\"" + id + "i\",\"event\":\"login\",\"user\":\"a\"}");
        assertThat(longId.field()).isEqualTo("id");
        assertThat(longId.getMessage()).contains("129 characters").contains("limit of 128");
        assertThat(rejected("{\"event\":\"" + "x".repeat(33) + "\",\"user\":\"a\"}").field()).isEqualTo("event");
        assertThat(rejected("{\"event\":\"login\",\"user\":\"a\",\"time\":\"" + "1".repeat(65) + "\"}").field()).isEqualTo("time");
    }

    /** The limit holds for the name as stored, composed (NFC): accepted longer, it was parked at delivery, never delivered. */
    @Test
    void aUserNameLongerThanTheLimitOnceComposedIsRefused() {
        String lengthens = "\uFB2C".repeat(AgentEvent.MAX_USER_LENGTH);
        CallbackRejected rejected = rejected("{\"event\":\"login\",\"user\":\"" + lengthens + "\"}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.field()).isEqualTo("user");
        assertThat(rejected.getMessage()).contains("384 characters long in Unicode's composed form (NFC)").contains("limit of 128");
        assertThat(one("{\"event\":\"login\",\"user\":\"" + "\uFB2C".repeat(42) + "\"}").user()).hasSize(126);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\nb", "a\\rb", "a\\tb", "a\\u0000b", "a\\u001bb", "a\\u0085b", "a\\u2028b", "a\\u2029b", "a\\ud800b"})
    void controlCharactersAreRefusedAndNamed(String escaped) {
        CallbackRejected rejected = rejected("{\"event\":\"login\",\"user\":\"" + escaped + "\"}");
        assertThat(rejected.field()).isEqualTo("user");
        assertThat(rejected.getMessage()).contains("control character (U+");
        assertThat(rejected("{\"event\":\"unready\",\"user\":\"a\",\"pause\":\"" + escaped + "\"}").field()).isEqualTo("pause");
        assertThat(rejected("{\"id\":\"" + escaped + "\",\"event\":\"login\",\"user\":\"a\"}").field()).isEqualTo("id");
    }

    @Test
    void lettersOfAnyScriptAreNoControlCharacters() {
        assertThat(one("{\"event\":\"unready\",\"user\":\"dvořák\",\"pause\":\"Krátká pauza \uD83D\uDE00\"}").pause())
                .isEqualTo("Krátká pauza \uD83D\uDE00");
    }

    /** trim() left these: a no-break space alone was a user, and one agent had several spellings, each its own agent. */
    @ParameterizedTest
    @ValueSource(strings = {"\\u00a0", "\\u2003", "\\ufeff", "\\u200b", " \\u00a0\\u3000 "})
    void aUsernameOfSpacesOrInvisibleCharactersOnlyIsMissing(String escaped) {
        CallbackRejected rejected = rejected("{\"event\":\"login\",\"user\":\"" + escaped + "\"}");
        assertThat(rejected.field()).isEqualTo("user");
        assertThat(rejected.getMessage()).startsWith("field 'user' is missing");
    }

    @Test
    void oneAgentsSpellingsAreOneUsernameAndAnInvisibleCharacterInsideIsRefused() {
        assertThat(one("{\"event\":\"login\",\"user\":\"\\u00a0jnovak\\u2003\"}").user()).isEqualTo("jnovak");
        assertThat(one("{\"event\":\"login\",\"user\":\"\\ufeffjnovak\"}").user()).isEqualTo("jnovak");
        assertThat(one("{\"event\":\"login\",\"user\":\"Dvor\\u030C\\u00e1k\"}").user()).isEqualTo("Dvo\u0159\u00e1k");
        // and so one derived id: a resend spelt the other way is a duplicate
        assertThat(one("{\"event\":\"login\",\"user\":\"Dvor\\u030C\\u00e1k\",\"time\":\"2026-11-24 11:00:00\"}").id())
                .isEqualTo(one("{\"event\":\"login\",\"user\":\"Dvo\u0159\u00e1k\",\"time\":\"2026-11-24 11:00:00\"}").id());
        CallbackRejected rejected = rejected("{\"event\":\"login\",\"user\":\"jno\\u200bvak\"}");
        assertThat(rejected.field()).isEqualTo("user");
        assertThat(rejected.getMessage()).isEqualTo("field 'user' holds an invisible character (U+200B): send the Daktela username alone");
    }

    /**
     * A typing error's time (milliseconds read as seconds, 9999-12-31) was stored and sent as it was, and reconciliation
     * left the agent alone until then; the farthest wrong DAKTELA_TIME_ZONE (26 h ahead) is still taken, with a warning.
     */
    @ParameterizedTest
    @ValueSource(strings = {"99999999999", "\"9999-12-31 23:59:59\"", "\"2026-11-26T09:00:01Z\""})
    void aTimeMoreThanTwoDaysAheadIsRefused(String timeJson) {
        CallbackRejected rejected = rejected("{\"event\":\"login\",\"user\":\"a\",\"time\":" + timeJson + "}");
        assertThat(rejected.field()).isEqualTo("time");
        assertThat(rejected.getMessage()).contains("days after its arrival: send the time the state changed");
        assertThat(one("{\"event\":\"login\",\"user\":\"a\",\"time\":\"2026-11-26T09:00:00Z\"}").time().toInstant())
                .isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        assertThat(one("{\"event\":\"login\",\"user\":\"a\",\"time\":\"2026-11-25 11:00:00+14:00\"}").time().toInstant())
                .as("its own offset, not DAKTELA_TIME_ZONE's").isEqualTo(Instant.parse("2026-11-24T21:00:00Z"));
    }

    /**
     * A template's placeholder (0, 1970) was taken as the change's time: sent as 1970, and as a derived id counts the time,
     * each later change of the agent to the same state was a "duplicate", never delivered (a review of the door).
     */
    @ParameterizedTest
    @ValueSource(strings = {"0", "\"0\"", "\"1970-01-01 00:00:00\"", "915148800", "\"1999-12-31T22:59:59Z\""})
    void aTimeBeforeTheYear2000IsRefused(String timeJson) {
        CallbackRejected rejected = rejected("{\"event\":\"ready\",\"user\":\"a\",\"time\":" + timeJson + "}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.field()).isEqualTo("time");
        assertThat(rejected.getMessage()).containsPattern("a time in 19[0-9]{2}, before 2000: send the time the state changed, "
                + "or no time \\(the time of arrival is taken\\)");
        assertThat(one("{\"event\":\"ready\",\"user\":\"a\",\"time\":\"2000-01-01 00:00:00\"}").time().getYear()).isEqualTo(2000);
    }

    // --- JSON itself

    @ParameterizedTest
    @ValueSource(strings = {"{\"event\":\"login\",\"user\":\"a\"}{\"event\":\"logout\",\"user\":\"a\"}",
            "{\"event\":\"login\",\"user\":\"a\"} x", "[{\"event\":\"login\",\"user\":\"a\"}]]"})
    void trailingContentIsRefusedNotDropped(String body) {
        CallbackRejected rejected = rejected(body);
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.getMessage()).startsWith("body is not valid JSON");
    }

    @Test
    void jacksonsQuoteOfABrokenBodyIsBounded() {
        String name = "A".repeat(49_000);
        assertThatThrownBy(() -> parser.parseJson(("{\"" + name + "\":1,\"" + name + "\":2}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CallbackRejected.class).hasMessageContaining("body is not valid JSON")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @Test
    void brokenJsonSaysWhere() {
        assertThat(rejected("{\"event\":\"login\",\n\"user\":}").getMessage()).startsWith("body is not valid JSON").contains("line 2");
    }

    @Test
    void nestingBeyondSixteenLevelsIsRefused() {
        String fifteen = "{\"a\":".repeat(15) + "1" + "}".repeat(15);
        assertThat(one("{\"event\":\"login\",\"user\":\"a\",\"x\":" + fifteen + "}").user()).isEqualTo("a");
        String seventeen = "{\"a\":".repeat(17) + "1" + "}".repeat(17);
        CallbackRejected rejected = rejected("{\"event\":\"login\",\"user\":\"a\",\"x\":" + seventeen + "}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.getMessage()).startsWith("body is not valid JSON").containsIgnoringCase("nesting");
    }

    @Test
    void numbersLongerThanThirtyTwoDigitsAreRefused() {
        assertThat(one("{\"event\":\"login\",\"user\":\"a\",\"x\":" + "1".repeat(32) + "}").user()).isEqualTo("a");
        CallbackRejected rejected = rejected("{\"event\":\"login\",\"user\":\"a\",\"x\":" + "1".repeat(33) + "}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.getMessage()).startsWith("body is not valid JSON").containsIgnoringCase("number");
    }

    /** A body of many small values is refused before it is a tree in the heap; a full batch of 40 fields an event is not. */
    @Test
    void moreThanTenThousandTokensAreRefused() {
        StringBuilder wide = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            wide.append(i == 0 ? "" : ",").append("{\"event\":\"login\",\"user\":\"a").append(i).append('"');
            for (int f = 0; f < 40; f++) {
                wide.append(",\"field").append(f).append("\":\"v\"");
            }
            wide.append('}');
        }
        CallbackParser hundred = new CallbackParser(new ObjectMapper(), PRAGUE, Clock.fixed(NOW, ZoneOffset.UTC), 100);
        assertThat(hundred.parseJson(wide.append(']').toString().getBytes(StandardCharsets.UTF_8))).hasSize(100);
        CallbackRejected rejected = rejected("[" + "{},".repeat(CallbackParser.MAX_TOKENS / 2) + "{}]");
        // valid JSON, only too much of it: as a batch over the limit, 413 (a 400 tells the sender not to resend)
        assertThat(rejected.status()).isEqualTo(413);
        assertThat(rejected.getMessage()).isEqualTo("body has more than 10000 JSON values, names and brackets: send smaller "
                + "batches, or fewer fields per event");
    }

    /** Jackson names its classes and options in its messages; the sender gets what is wrong with the body, not those. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"event\":\"login\",\"user\":\"a\"}{\"event\":\"login\",\"user\":\"b\"}|Trailing token (of type START_OBJECT) found after value",
            "[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]|Document nesting depth (17) exceeds the maximum allowed (16)",
            "{\"event\":\"login\",\"user\":\"a\",\"x\":NaN}|Non-standard token 'NaN'"})
    void jacksonsOwnNamesAreNotInTheAnswer(String body, String said) {
        String message = rejected(body).getMessage();
        assertThat(message).startsWith("body is not valid JSON: " + said).doesNotContain("`").doesNotContain("jackson")
                .doesNotContain("Feature").doesNotContain("StreamReadConstraints");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotReadAsTheLastOne() {
        CallbackRejected rejected = rejected("{\"event\":\"login\",\"user\":\"first\",\"user\":\"second\"}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.getMessage()).startsWith("body is not valid JSON").contains("Duplicate field 'user'");
        // two spellings of one field are not a repetition: the first alias found wins (docs/setup-daktela.md)
        assertThat(one("{\"event\":\"login\",\"User\":\"first\",\"user\":\"second\"}").user()).isEqualTo("first");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"\"id\":1e400|id|NUMBER", "\"id\":1.5|id|NUMBER", "\"id\":true|id|BOOLEAN",
            "\"agent\":false|user|BOOLEAN", "\"time\":1795507200.5|time|NUMBER", "\"agent\":[\"jnovak\"]|user|ARRAY",
            "\"pause\":[]|pause|ARRAY", "\"time\":{\"date\":\"2026-11-24 09:15:02.000000\",\"timezone\":\"Europe/Prague\"}|time|OBJECT",
            "\"id\":{\"v\":\"abc\"}|id|OBJECT", "\"agent\":{\"name\":\"jnovak\"}|user|OBJECT"})
    void aFieldThatIsNeitherTextNorAWholeNumberIsRefused(String member, String field, String type) {
        String user = member.startsWith("\"agent\"") ? "" : ",\"user\":\"a\"";
        String event = member.startsWith("\"pause\"") ? "unready" : "login";
        CallbackRejected rejected = rejected("{\"event\":\"" + event + "\"" + user + "," + member + "}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.field()).isEqualTo(field);
        assertThat(rejected.getMessage()).contains(type).contains("send it as text");
        // as text, 1e400 was "Infinity": every such id the same, and the second event a "duplicate"
        assertThat(one("{\"event\":\"login\",\"user\":\"a\",\"id\":17955072001234,\"other\":true}").id()).isEqualTo("17955072001234");
        // a list was no value: "field 'user' is missing" for a name sent, or a later alias taken in its place
        assertThat(rejected("{\"event\":\"login\",\"user\":[\"x\"],\"agent\":\"eve\"}").field()).isEqualTo("user");
        assertThat(one("{\"event\":\"login\",\"user\":\"a\",\"other\":[1,2]}").user()).as("a list beside the fields").isEqualTo("a");
    }

    /**
     * A derived id is pinned here, not recomputed by the code under test: the broker's duplicate
     * detection across versions and instances depends on it staying the same, and on every field
     * counting (a repair takes the same id, ReconciliationTest).
     */
    @Test
    void aDerivedIdIsStableAndEveryFieldCounts() {
        OffsetDateTime time = OffsetDateTime.parse("2026-11-24T11:30:02+01:00");
        String id = AgentEvent.derivedId("jnovak", EventKind.UNREADY, "lunch", time);
        assertThat(id).isEqualTo("d-b5ed085b42e34c6209755e7c");
        assertThat(one("{\"event\":\"unready\",\"user\":\"jnovak\",\"pause\":\"lunch\",\"time\":\"2026-11-24 11:30:02\"}").id())
                .isEqualTo(id);
        assertThat(List.of(AgentEvent.derivedId("pdvorak", EventKind.UNREADY, "lunch", time),
                AgentEvent.derivedId("jnovak", EventKind.UNREADY, "break", time),
                AgentEvent.derivedId("jnovak", EventKind.READY, null, time),
                AgentEvent.derivedId("jnovak", EventKind.UNREADY, "lunch", time.plusSeconds(1)))).doesNotContain(id).doesNotHaveDuplicates();
    }

    // --- form bodies

    @Test
    void formFieldsAreReadWithoutCase() {
        AgentEvent event = parser.parseForm(Map.of("Event", "unready", "USERNAME", "novak", "Pause", "lunch")).get(0);
        assertThat(event.user()).isEqualTo("novak");
        assertThat(event.pause()).isEqualTo("lunch");
        assertThatThrownBy(() -> parser.parseForm(Map.of())).isInstanceOf(CallbackRejected.class).hasMessageContaining("form body is empty");
    }

    /** A form has no objects: Daktela's id_agent.name and id_pause.name come as fields of those very names. */
    @Test
    void formFieldsWithTheDottedNamesAreRead() {
        AgentEvent event = parser.parseForm(Map.of("event", "unready", "id_agent.name", "novak", "id_pause.name", "lunch")).get(0);
        assertThat(event.user()).isEqualTo("novak");
        assertThat(event.pause()).isEqualTo("lunch");
        assertThat(parser.parseForm(Map.of("event", "login", "User.Name", "dvorak")).get(0).user()).isEqualTo("dvorak");
    }
}
