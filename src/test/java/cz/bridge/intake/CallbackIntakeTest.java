package cz.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.monitoring.AgentBoard;
import cz.bridge.monitoring.BridgeMetrics;
import cz.bridge.monitoring.DeliveryRecorder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the intake answers once its events are stored, when the one write after the store fails:
 * the id's line in accepted-ids.log (a disk that filled between the two writes).
 */
class CallbackIntakeTest {

    private static final ZoneId PRAGUE = ZoneId.of("Europe/Prague");

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final AgentBoard board = new AgentBoard(clock, PRAGUE);
    private AcceptedEventIds idsLog;
    private CallbackIntake intake;

    @BeforeEach
    void intakeWhoseIdLogCannotBeWritten() {
        idsLog = new AcceptedEventIds(dir.resolve("accepted-ids.log"), Duration.ofHours(48), clock);
        idsLog.start();
        // the real log for reserving ids; only the line written after the store fails, as on a full disk
        var failingConfirm = new MemoryIdempotentRepository() {
            @Override
            public boolean add(String key) {
                return idsLog.add(key);
            }

            @Override
            public boolean contains(String key) {
                return idsLog.contains(key);
            }

            @Override
            public boolean remove(String key) {
                return idsLog.remove(key);
            }

            @Override
            public boolean confirm(String key) {
                throw new UncheckedIOException("cannot record accepted event id in accepted-ids.log",
                        new IOException("No space left on device"));
            }
        };
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry());
        intake = new CallbackIntake(new CallbackParser(json, PRAGUE, clock, 100), failingConfirm,
                json, metrics, new DeliveryRecorder(metrics, board, clock));
    }

    @AfterEach
    void stop() throws Exception {
        idsLog.stop();
        camel.close();
    }

    @Test
    void anEventStoredWhoseIdCannotBeLoggedIsStillAcceptedAndItsResendIsADuplicate() {
        String body = "{\"id\":\"e-1\",\"event\":\"login\",\"user\":\"jnovak\",\"time\":\"2026-11-25 10:59:00\"}";

        Exchange first = callback(body);
        assertThat(intake.read(first)).extracting(AgentEvent::id).containsExactly("e-1");
        // (the route stores the event in the durable queue here)
        intake.accepted(first);
        assertThat(first.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(202);
        assertThat(first.getMessage().getBody(String.class)).isEqualTo("{\"status\":\"accepted\",\"id\":\"e-1\"}");
        assertThat(board.agents()).singleElement().satisfies(agent -> {
            assertThat(agent.user()).isEqualTo("jnovak");
            assertThat(agent.lastOutcome()).isEqualTo("waiting");
        });

        // while the bridge runs, Daktela's resend is still recognised (only a restart would forget it)
        Exchange resend = callback(body);
        assertThat(intake.read(resend)).isEmpty();
        intake.accepted(resend);
        assertThat(resend.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(resend.getMessage().getBody(String.class)).isEqualTo("{\"status\":\"duplicate\",\"id\":\"e-1\"}");
    }

    private Exchange callback(String body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }
}
