package cz.bridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import cz.bridge.config.BridgeProperties.UnmappedPausePolicy;
import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventKind;
import cz.bridge.validate.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daktela event to AristoTelos external state (docs/setup-aristotelos.md), by the setup guide's table in a file of the test's own. */
class StateTranslatorTest {

    private static final OffsetDateTime TIME = OffsetDateTime.parse("2026-11-24T10:15:02.123456+01:00");

    @TempDir
    Path dir;

    private MappingsFile mappings;

    @BeforeEach
    void mappingsFile() {
        Path file = TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE);
        mappings = new MappingsFile(file);
    }

    private static AgentEvent event(EventKind kind, String pause) {
        return new AgentEvent("e-1", "novak", kind, pause, TIME, TIME.plusSeconds(1));
    }

    @Test
    void sessionEventsTakeTheRowOfTheirCode() {
        StateTranslator translator = new StateTranslator(mappings, UnmappedPausePolicy.PARK);
        OutboundState login = translator.sessionState(event(EventKind.LOGIN, null));
        assertThat(login).isEqualTo(new OutboundState("novak", "Login", 1, "Login", 0, null, TIME, "e-1", null));
        assertThat(translator.sessionState(event(EventKind.LOGOUT, null)))
                .extracting(OutboundState::stateName, OutboundState::stateId, OutboundState::stateCode).containsExactly("Logout", 0, "Logout");
        assertThat(translator.sessionState(event(EventKind.READY, null)))
                .extracting(OutboundState::stateName, OutboundState::stateId, OutboundState::stateCode).containsExactly("Ready", 2, "Ready");
        assertThatThrownBy(() -> translator.sessionState(event(EventKind.UNREADY, "lunch"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unreadyTakesTheNotReadyRowWhoseReasonCodeIsThePauseExactly() {
        StateTranslator translator = new StateTranslator(mappings, UnmappedPausePolicy.PARK);
        assertThat(translator.pause(event(EventKind.UNREADY, "lunch")))
                .isEqualTo(new OutboundState("novak", "Oběd", 3, "NotReady", 6, "lunch", TIME, "e-1", "lunch"));
        assertThat(translator.pause(event(EventKind.UNREADY, "11")).reasonId()).isEqualTo(4);
        assertThatThrownBy(() -> translator.pause(event(EventKind.UNREADY, "Lunch"))).as("no case folding")
                .isInstanceOf(UnmappedPause.class);
    }

    /**
     * "ě" composed (NFC, as Daktela and most editors write it) or decomposed ("e" and a combining caron, as a Mac's paste
     * gives it) is one letter: the file refused a terminating state written one way for a row named the other, with a
     * message that showed no difference, and a pause named one way missed the row written the other (mappings review).
     */
    @Test
    void namesAndPausesMatchWhateverUnicodeFormTheirLettersCameIn() {
        String composed = "ob\u011Bd";
        String decomposed = "obe\u030Cd";
        String yaml = TestFiles.GUIDE.replace("reasonCode: lunch,", "reasonCode: " + decomposed + ",")
                .replace("Krátká pauza, Lajdák, Oběd, Wrap", "Krátká pauza, Lajdák, Obe\u030Cd, Wrap");
        Path file = TestFiles.write(dir, "decomposed.yaml", yaml);
        MappingsReader.Contents read = new MappingsReader().read(file);
        assertThat(read.errors()).isEmpty();
        StateTranslator translator = new StateTranslator(new MappingsFile(file), UnmappedPausePolicy.PARK);
        assertThat(translator.pause(event(EventKind.UNREADY, composed)).reasonId()).isEqualTo(6);
        assertThat(translator.pause(event(EventKind.UNREADY, decomposed)).reasonId()).isEqualTo(6);
    }

    @Test
    void unmappedPauseIsParkedByDefault() {
        StateTranslator translator = new StateTranslator(mappings, UnmappedPausePolicy.PARK);
        assertThatThrownBy(() -> translator.pause(event(EventKind.UNREADY, "lunch2")))
                .isInstanceOf(UnmappedPause.class)
                .hasMessage("no external state for Daktela pause lunch2");
    }

    @Test
    void unmappedPauseIsSentWithReasonZeroByPolicy() {
        StateTranslator translator = new StateTranslator(mappings, UnmappedPausePolicy.SEND_REASON_ZERO);
        assertThat(translator.pause(event(EventKind.UNREADY, "lunch2")))
                .isEqualTo(new OutboundState("novak", "NotReady", 3, "NotReady", 0, "lunch2", TIME, "e-1", "lunch2"));
        // the name is the delivered-events metric's state tag: one series, whatever pauses Daktela sends
        assertThat(translator.pause(event(EventKind.UNREADY, "coffee")).stateName()).isEqualTo("NotReady");
    }

    /**
     * One table for a whole translation: an unmapped pause read the table twice (its row, then the NotReady id), and a
     * reload between the two sent a pause the new table maps as unmapped, with the new table's id (a review, 2026-12-06).
     */
    @Test
    void aPauseIsTranslatedByOneReadOfTheTable() {
        AtomicInteger reads = new AtomicInteger();
        MappingsFile counted = new MappingsFile(mappings.file()) {
            @Override
            public Mappings current() {
                reads.incrementAndGet();
                return super.current();
            }
        };
        new StateTranslator(counted, UnmappedPausePolicy.SEND_REASON_ZERO).pause(event(EventKind.UNREADY, "lunch2"));
        assertThat(reads).hasValue(1);
    }

    @Test
    void translationFollowsTheMappingsInForce() throws IOException {
        StateTranslator translator = new StateTranslator(mappings, UnmappedPausePolicy.PARK);
        Files.writeString(mappings.file(), Files.readString(mappings.file()).replace("reasonCode: lunch", "reasonCode: obed"));
        mappings.reload();
        assertThat(translator.pause(event(EventKind.UNREADY, "obed")).stateName()).isEqualTo("Oběd");
        assertThatThrownBy(() -> translator.pause(event(EventKind.UNREADY, "lunch"))).isInstanceOf(UnmappedPause.class);
    }

    @Test
    void theTimestampHasItsSecondsAndMillisecondsAtMost() {
        OutboundState state = new StateTranslator(mappings, UnmappedPausePolicy.SEND_REASON_ZERO)
                .pause(new AgentEvent("e2", "novak", EventKind.UNREADY, "lunch", TIME, TIME));
        assertThat(state.timestamp()).isEqualTo("2026-11-24T10:15:02.123+01:00");
        assertThat(new StateTranslator(mappings, UnmappedPausePolicy.SEND_REASON_ZERO)
                .pause(new AgentEvent("e3", "novak", EventKind.UNREADY, "lunch", TIME.withSecond(0).withNano(0), TIME)).timestamp())
                .as("a whole minute keeps its seconds").isEqualTo("2026-11-24T10:15:00+01:00");
    }
}
