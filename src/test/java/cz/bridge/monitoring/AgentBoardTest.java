package cz.bridge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class AgentBoardTest {

    private static final ZoneId PRAGUE = ZoneId.of("Europe/Prague");
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private final AgentBoard board = new AgentBoard(clock, PRAGUE);
    private final OffsetDateTime nine = OffsetDateTime.parse("2026-11-25T09:00:00+01:00");

    @Test
    void anEventParkedBeforeTheIntakeRecordsItAsAcceptedStaysParked() {
        // the consumer can take a stored event and park it before the intake's thread records it
        board.parked("anna", "e1", "parked: no external state for Daktela pause coffee");
        board.accepted("anna", "e1", "UNREADY", "coffee", nine);

        AgentBoard.Agent anna = board.agents().get(0);
        assertThat(anna.lastOutcome()).isEqualTo("parked: no external state for Daktela pause coffee");
        assertThat(anna.daktelaState()).isEqualTo("unready (coffee)");
    }

    @Test
    void anEventDeliveredBeforeItIsRecordedAsAcceptedStaysDeliveredAndANewOneWaits() {
        board.delivered("anna", "e1", "Login", "Login", null, nine, null);
        board.delivered("anna", "e2", "Ready", "Ready", null, nine.plusMinutes(1), null);
        // one batch: both stored, both delivered, then both recorded as accepted
        board.accepted("anna", "e1", "LOGIN", null, nine);
        board.accepted("anna", "e2", "READY", null, nine.plusMinutes(1));
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("delivered");

        board.accepted("anna", "e3", "LOGOUT", null, nine.plusMinutes(2));
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("waiting");
        assertThat(board.agents().get(0).aristotelosState()).isEqualTo("Ready");
    }

    /** After midnight the timeline is today's, also for an agent with no delivery since yesterday. */
    @Test
    void yesterdaysStatesLeaveTheTimelineAtMidnightWithoutANewDelivery() {
        Instant[] now = {Instant.parse("2026-11-25T16:30:00Z")};
        Clock moving = moving(now);
        AgentBoard board = new AgentBoard(moving, PRAGUE);
        board.delivered("anna", "e1", "Logout", "Logout", null, OffsetDateTime.parse("2026-11-25T17:00:00+01:00"), null);
        assertThat(board.agents().get(0).today()).extracting(AgentBoard.Segment::code).containsExactly("Logout");

        now[0] = Instant.parse("2026-11-26T07:00:00Z"); // 08:00 the next day in Prague
        assertThat(board.agents().get(0).today()).isEmpty();
        assertThat(board.agents().get(0).aristotelosState()).as("the current state stays").isEqualTo("Logout");
    }

    @Test
    void aRetriedEventStillWaitsForItsOutcome() {
        board.accepted("anna", "e1", "LOGIN", null, nine);
        board.retrying("anna", "retrying: HTTP 503");
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("retrying: HTTP 503");
        board.delivered("anna", "e1", "Login", "Login", null, nine, null);
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("delivered");
        assertThat(board.agents().get(0).today()).extracting(AgentBoard.Segment::code).containsExactly("Login");
    }

    /** Names come from outside, unbounded in number: the board keeps its newest rows, dropping the agent longest unchanged. */
    @Test
    void keepsAtMostItsRowsDroppingTheAgentLongestWithoutAnEvent() {
        AgentBoard small = new AgentBoard(clock, PRAGUE, 3);
        small.accepted("anna", "a1", "LOGIN", null, nine);
        small.accepted("bert", "b1", "LOGIN", null, nine);
        small.accepted("cyril", "c1", "LOGIN", null, nine);
        // anna's event is delivered: bert is now the one longest without an event
        small.delivered("anna", "a1", "Login", "Login", null, nine, null);
        small.accepted("dana", "d1", "LOGIN", null, nine);
        assertThat(small.agents()).extracting(AgentBoard.Agent::user).containsExactly("anna", "cyril", "dana");
        small.retrying("cyril", "retrying: HTTP 503");
        small.parked("eva", "e1", "parked: no external state for Daktela pause coffee");
        assertThat(small.agents()).extracting(AgentBoard.Agent::user).containsExactly("cyril", "dana", "eva");
        for (int i = 0; i < 1000; i++) {
            small.accepted("agent-" + i, "x" + i, "LOGIN", null, nine);
        }
        assertThat(small.agents()).extracting(AgentBoard.Agent::user).containsExactly("agent-997", "agent-998", "agent-999");
    }

    /**
     * The board's timelines together stay within {@link AgentBoard#MAX_SEGMENTS} however many agents change state how often
     * (the dropped rows' segments counted out): a thousand segments a day on each of 10,000 rows outgrew the heap.
     */
    @Test
    void theTimelinesTogetherStayBoundedWhateverTheAgentsAndTheirEvents() {
        for (int i = 0; i < 1000; i++) {
            board.delivered("early", "e" + i, "Ready", "Ready", null, nine.plusSeconds(i), null);
        }
        assertThat(board.agents().get(0).today()).as("one agent alone keeps a day of changes").hasSize(1000);
        for (int agent = 0; agent < AgentBoard.MAX_AGENTS; agent++) {
            for (int i = 0; i < 20; i++) {
                board.delivered("agent-" + agent, "e" + i, "Ready", "Ready", null, nine.plusSeconds(i), null);
            }
        }
        int segments = board.agents().stream().mapToInt(a -> a.today().size()).sum();
        assertThat(segments).isBetween(AgentBoard.MAX_SEGMENTS - 1000, AgentBoard.MAX_SEGMENTS);
        assertThat(board.agents()).filteredOn(a -> a.user().equals("agent-9999")).singleElement()
                .as("a row beyond the segments still shows its state").extracting(AgentBoard.Agent::aristotelosState).isEqualTo("Ready");
    }

    /** A full board's earlier days leave every row the next day, not only the rows of agents who work again. */
    @Test
    void aFullBoardTakesYesterdaysSegmentsOffEveryRowTheNextDay() {
        Instant[] now = {Instant.parse("2026-11-25T16:30:00Z")};
        Clock moving = moving(now);
        AgentBoard full = new AgentBoard(moving, PRAGUE);
        for (int agent = 0; agent < AgentBoard.MAX_SEGMENTS / 1000; agent++) {
            for (int i = 0; i < 1000; i++) {
                full.delivered("yesterday-" + agent, "e" + i, "Ready", "Ready", null, nine.plusSeconds(i), null);
            }
        }
        full.delivered("late", "l1", "Ready", "Ready", null, nine.plusHours(1), null);
        assertThat(full.agents()).filteredOn(a -> a.user().equals("late")).singleElement()
                .satisfies(a -> assertThat(a.today()).as("the board full").isEmpty());

        now[0] = Instant.parse("2026-11-26T07:00:00Z"); // the next day; none of yesterday's agents works today
        full.delivered("today", "t1", "Login", "Login", null, OffsetDateTime.parse("2026-11-26T08:00:00+01:00"), null);
        assertThat(full.agents()).filteredOn(a -> a.user().equals("today")).singleElement()
                .satisfies(a -> assertThat(a.today()).extracting(AgentBoard.Segment::code).containsExactly("Login"));
    }

    /** The page shows every time at the zone's offset now: an agent's last event from before a change of time is not it. */
    @Test
    void theZonesOffsetIsTheOneNowWhateverTheAgentsEvents() {
        AgentBoard summer = new AgentBoard(Clock.fixed(Instant.parse("2026-07-01T10:00:00Z"), ZoneOffset.UTC), PRAGUE);
        assertThat(summer.zoneOffsetMinutes()).isEqualTo(120);
        board.delivered("adamek", "a1", "Ready", "Ready", null, OffsetDateTime.parse("2026-10-23T09:00:00+02:00"), null);
        assertThat(board.zoneOffsetMinutes()).as("November").isEqualTo(60);
    }

    /** A connection refused has no words of its own: the line said "retrying: null"; the bridge's words around it say what. */
    @Test
    void aFailureWithoutWordsIsShownByTheWordsAroundIt() {
        DeliveryRecorder recorder = new DeliveryRecorder(new BridgeMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                board, clock);
        board.accepted("anna", "e1", "LOGIN", null, nine);
        recorder.retrying("anna", new cz.bridge.delivery.AristotelosUnavailable("cannot reach the token endpoint http://t/oauth/token",
                new java.net.ConnectException()), 1, java.time.Duration.ofSeconds(1));
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("retrying: cannot reach the token endpoint http://t/oauth/token");
        recorder.retrying("anna", new java.net.ConnectException(), 2, java.time.Duration.ofSeconds(2));
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("retrying: cannot reach AristoTelos: connection refused");
    }

    /** A failure's message comes from outside (a host name, a server's words): one line on the board, and bounded. */
    @Test
    void aFailuresMessageIsShownOnOneLineAndCut() {
        DeliveryRecorder recorder = new DeliveryRecorder(new BridgeMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                board, clock);
        board.accepted("anna", "e1", "LOGIN", null, nine);
        recorder.retrying("anna", new java.io.IOException("refused\nDelivered event e9 user=anna"), 1, java.time.Duration.ofSeconds(1));
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("retrying: refused\\nDelivered event e9 user=anna");

        recorder.parked("anna", "e1", new IllegalStateException("x".repeat(5000)), null, false);
        String parked = board.agents().get(0).lastOutcome();
        assertThat(parked).startsWith("parked: xxx").endsWith("... [cut, 5000 characters in all]")
                .hasSize("parked: ".length() + cz.bridge.delivery.ParkingReason.MAX_TEXT);
    }

    /** A clock that reads now[0], which the test moves. */
    private static Clock moving(Instant[] now) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.fixed(now[0], zone);
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
    }
}
