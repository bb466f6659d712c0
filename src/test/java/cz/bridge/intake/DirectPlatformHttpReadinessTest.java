package cz.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.monitoring.BridgeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Before Camel has started the routes (and after it has stopped them at shutdown) Tomcat already takes
 * requests: a callback then is answered 503 with Retry-After, which Daktela retries, not Spring MVC's 404.
 */
@ExtendWith(OutputCaptureExtension.class)
class DirectPlatformHttpReadinessTest {

    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DirectPlatformHttp direct = new DirectPlatformHttp(availability, new ObjectMapper(), new BridgeMetrics(registry));

    private MockHttpServletResponse send(String method, MockFilterChain chain) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/daktela/agent-state");
        request.setServletPath("/daktela/agent-state");
        MockHttpServletResponse response = new MockHttpServletResponse();
        direct.doFilter(request, response, chain);
        return response;
    }

    @Test
    void aCallbackNoRouteServesYetIsAnswered503ToBeSentAgain() throws Exception {
        MockFilterChain chain = new MockFilterChain();

        MockHttpServletResponse answer = send("POST", chain);

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isEqualTo("5");
        assertThat(answer.getContentAsString()).contains("\"error\"").contains("send the event again");
        assertThat(chain.getRequest()).as("not passed on to Spring MVC").isNull();
    }

    @Test
    void onceReadyAnotherMethodNoRouteServesGoesTheUsualWay() throws Exception {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        MockFilterChain chain = new MockFilterChain();

        send("GET", chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    /**
     * The door let it through, so it had the secret: a POST no route takes is a callback sent to the wrong path,
     * which the log says (Spring MVC's 404 logged nothing), once a minute at most.
     */
    @Test
    void onceReadyAPostNoRouteTakesIs404SayingThatNoRouteTakesCallbacksNow(CapturedOutput output) throws Exception {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        MockFilterChain chain = new MockFilterChain();

        MockHttpServletResponse answer = send("POST", chain);

        assertThat(answer.getStatus()).isEqualTo(404);
        assertThat(answer.getContentType()).isEqualTo("application/json");
        assertThat(new ObjectMapper().readTree(answer.getContentAsString()).path("error").asText())
                .isEqualTo("no callbacks are taken at this path (no route takes callbacks now); nothing was accepted");
        assertThat(chain.getRequest()).as("not passed on to Spring MVC").isNull();
        assertThat(registry.counter("bridge.callbacks", "status", "404").count()).isEqualTo(1);
        assertThat(output.getAll()).contains("A callback with the right secret came from 127.0.0.1 to POST /daktela/agent-state, "
                + "where no route takes callbacks: nothing was accepted; no route takes callbacks now: correct the URL of "
                + "Daktela's HTTP action");

        send("POST", new MockFilterChain());
        assertThat(output.getAll().split("A callback with the right secret", -1)).as("one line a minute").hasSize(2);
    }

    @Test
    void whileNotReadyOnlyPostsAreHeldBack() throws Exception {
        MockFilterChain chain = new MockFilterChain();

        assertThat(send("GET", chain).getStatus()).isEqualTo(200);

        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void atShutdownTheSameAsAtStart() throws Exception {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.REFUSING_TRAFFIC));

        MockFilterChain chain = new MockFilterChain();

        assertThat(send("POST", chain).getStatus()).isEqualTo(503);
        assertThat(chain.getRequest()).isNull();
    }
}
