package cz.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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
class DirectPlatformHttpReadinessTest {

    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    private final DirectPlatformHttp direct = new DirectPlatformHttp(availability);

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
    void onceReadyARequestNoRouteServesGoesTheUsualWay() throws Exception {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        MockFilterChain chain = new MockFilterChain();

        send("POST", chain);

        assertThat(chain.getRequest()).isNotNull();
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
