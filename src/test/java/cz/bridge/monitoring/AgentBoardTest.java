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
        board.delivered("anna", "e1", "Login", "Login", null, nine);
        board.delivered("anna", "e2", "Ready", "Ready", null, nine.plusMinutes(1));
        // one batch: both stored, both delivered, then both recorded as accepted
        board.accepted("anna", "e1", "LOGIN", null, nine);
        board.accepted("anna", "e2", "READY", null, nine.plusMinutes(1));
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("delivered");

        board.accepted("anna", "e3", "LOGOUT", null, nine.plusMinutes(2));
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("waiting");
        assertThat(board.agents().get(0).aristotelosState()).isEqualTo("Ready");
    }

    @Test
    void aRetriedEventStillWaitsForItsOutcome() {
        board.accepted("anna", "e1", "LOGIN", null, nine);
        board.retrying("anna", "retrying: HTTP 503");
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("retrying: HTTP 503");
        board.delivered("anna", "e1", "Login", "Login", null, nine);
        assertThat(board.agents().get(0).lastOutcome()).isEqualTo("delivered");
        assertThat(board.agents().get(0).today()).extracting(AgentBoard.Segment::code).containsExactly("Login");
    }
}
