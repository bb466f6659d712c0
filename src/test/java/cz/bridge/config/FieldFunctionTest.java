package cz.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.Map;

import cz.bridge.intake.AgentEvent;
import cz.bridge.intake.EventKind;
import cz.bridge.mapping.OutboundState;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/** ${field(...)} through Camel's simple language, as the route files use it, against Camel's own field reads. */
class FieldFunctionTest {

    private final CamelContext camel = new DefaultCamelContext();
    private Exchange exchange;

    private final OutboundState state = new OutboundState("jnovak", "Oběd", 12, "NotReady", 6, "Lunch",
            OffsetDateTime.parse("2026-11-24T11:30:02+01:00"), "d-1", "lunch");
    private final AgentEvent event = new AgentEvent("d-1", "jnovak", EventKind.UNREADY, "lunch",
            OffsetDateTime.parse("2026-11-24T11:30:02+01:00"), OffsetDateTime.parse("2026-11-24T11:30:03+01:00"), null);

    @BeforeEach
    void start() {
        camel.getRegistry().bind("fieldFunction", new FieldFunction());
        camel.start();
        exchange = new DefaultExchange(camel);
        exchange.setVariable("state", state);
        exchange.setVariable("event", event);
        exchange.getMessage().setBody("the body stays");
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private Object simple(String expression) {
        return camel.resolveLanguage("simple").createExpression(expression).evaluate(exchange, Object.class);
    }

    @Test
    void readsWhatCamelsFieldReadsRead() {
        for (String path : new String[] {"variable.state.user", "variable.state.stateId", "variable.state.stateCode",
                "variable.state.reasonId", "variable.state.reasonCode", "variable.state.timestamp", "variable.state.eventId",
                "variable.event.id", "variable.event.user", "variable.event.kind.name"}) {
            Object camels = simple("${" + path.replace(".timestamp", ".timestamp()").replace(".name", ".name()") + "}");
            assertThat(camels).as(path).isNotNull();
            assertThat(simple("${field(" + path + ")}")).as(path).isEqualTo(camels);
        }
        assertThat(simple("${field(variable.state.timestamp())}")).isEqualTo("2026-11-24T11:30:02+01:00");
        assertThat(exchange.getMessage().getBody()).isEqualTo("the body stays");
    }

    @Test
    void worksInsideTheRequestBodyAndInPredicates() {
        Object body = simple("${map(employeeExternalId2,${field(variable.state.user)},stateId,${field(variable.state.stateId)})}");
        assertThat(body).isEqualTo(Map.of("employeeExternalId2", "jnovak", "stateId", 12));
        assertThat(camel.resolveLanguage("simple").createPredicate("${field(variable.event.kind.name)} == 'UNREADY'")
                .matches(exchange)).isTrue();
        assertThat(camel.resolveLanguage("simple").createPredicate("${field(variable.state.stateId)} >= 500")
                .matches(exchange)).isFalse();
        // a null would also be false above: the value itself compares
        assertThat(camel.resolveLanguage("simple").createPredicate("${field(variable.state.stateId)} == 12")
                .matches(exchange)).isTrue();
    }

    @Test
    void pathsMadeFromValuesStillReadPastTheThousandKeptSplit() {
        // ${field(variable.${header.name})}: a path per value; past the first 1,000 a path is split at each read
        for (int i = 0; i < 1_500; i++) {
            exchange.setVariable("v" + i, new OutboundState("agent" + i, "Oběd", i, "NotReady", 6, "Lunch",
                    OffsetDateTime.parse("2026-11-24T11:30:02+01:00"), "d-" + i, "lunch"));
            exchange.getMessage().setHeader("name", "v" + i);
            assertThat(simple("${field(variable.${header.name}.user)}")).as("path %d", i).isEqualTo("agent" + i);
            assertThat(simple("${field(variable.${header.name}.stateId)}")).as("path %d", i).isEqualTo(i);
        }
        // the first paths, kept split, read the same as before
        exchange.getMessage().setHeader("name", "v7");
        assertThat(simple("${field(variable.${header.name}.eventId)}")).isEqualTo("d-7");
    }

    @Test
    void readsTheExceptionThrownOrCaught() {
        HttpOperationFailedException refusal = new HttpOperationFailedException("http://x", 404, "Not Found", null, null, "");
        exchange.setException(refusal);
        assertThat(simple("${field(exception.statusCode)}")).isEqualTo(404);
        exchange.setException(null);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, refusal);
        assertThat(simple("${field(exception.statusCode)}")).isEqualTo(404);
        exchange.setVariable("refusal", refusal);
        assertThat(simple("${field(variable.refusal.statusCode)}")).isEqualTo(404);
    }

    @Test
    void aVariableNotSetReadsAsNothing() {
        assertThat(simple("${field(variable.refusal.statusCode)}")).isNull();
        assertThat(camel.resolveLanguage("simple").createPredicate("${field(variable.refusal)} != null").matches(exchange))
                .isFalse();
    }

    @Test
    void aValueTheObjectLacksIsNamedWithTheOnesItHas() {
        assertThatThrownBy(() -> simple("${field(variable.state.usr)}"))
                .hasStackTraceContaining("${field(variable.state.usr)}: OutboundState has no value 'usr'; it has eventId, "
                        + "idempotencyKey, pause, reasonCode, reasonId, stateCode, stateId, stateName, time, timestamp, user");
    }

    @Test
    void anErrorRepeatsOnlyTheStartOfWhatItWasGiven() {
        // ${field()} is given the body: here a callback's worth of text, which the log line must not carry whole
        exchange.getMessage().setBody("{\"user\":\"" + "x".repeat(10_000) + "\"}");
        assertThatThrownBy(() -> simple("${field()}"))
                .hasStackTraceContaining("${field({\"user\":\"xxx")
                .hasStackTraceContaining("…)}: not a path of names")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(600));
    }

    @Test
    void aPathThatIsNoPathSaysHowOneLooks() {
        assertThatThrownBy(() -> simple("${field(state.user)}"))
                .hasStackTraceContaining("a path starts with variable or exception, like variable.state.user");
        assertThatThrownBy(() -> simple("${field(variable.state.substring(1))}"))
                .hasStackTraceContaining("not a path of names with dots between them");
    }
}
