package cz.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.monitoring.BridgeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.DefaultPlatformHttpConsumer;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A callback whose route fails outside its own error handling, or that reaches a consumer stopping for a reload of
 * its route file (taken from the path's map just before the consumer left it), was answered 500, a status Daktela
 * gives no meaning to (the reload test saw one). It is answered 503 with Retry-After, nothing accepted: a resend of an
 * event stored after all is the broker's duplicate.
 */
class DirectPlatformHttpStopTest {

    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DirectPlatformHttp direct = new DirectPlatformHttp(availability, new ObjectMapper(), new BridgeMetrics(registry));
    private final AtomicInteger processed = new AtomicInteger();
    private CamelContext camel;

    @BeforeEach
    void startOneRoute() throws Exception {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        camel = new DefaultCamelContext();
        PlatformHttpComponent component = new PlatformHttpComponent();
        component.setEngine(direct.engine(0));
        camel.addComponent("platform-http", component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("platform-http:/daktela/agent-state?httpMethodRestrict=POST").routeId("callback")
                        .process(exchange -> {
                            processed.incrementAndGet();
                            if (exchange.getIn().getBody(String.class).contains("fail")) {
                                throw new IllegalStateException("internal detail");
                            }
                        })
                        .setBody(constant("{\"accepted\":1}"));
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private MockHttpServletResponse post(String body) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/daktela/agent-state");
        request.setServletPath("/daktela/agent-state");
        request.setContentType("application/json");
        request.setContent(body.getBytes());
        MockHttpServletResponse response = new MockHttpServletResponse();
        direct.doFilter(request, response, (req, res) -> {
            throw new AssertionError("passed on to Spring MVC");
        });
        return response;
    }

    @Test
    void aCallbackIsServed() throws Exception {
        assertThat(post("{}").getStatus()).isEqualTo(200);
    }

    @Test
    void aFailureTheRouteDoesNotHandleIs503WithoutItsDetail() throws Exception {
        MockHttpServletResponse answer = post("{\"fail\":1}");

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isEqualTo("5");
        assertThat(answer.getContentAsString()).contains("send the event again").doesNotContain("internal detail")
                .doesNotContain("Exception");
        assertThat(registry.counter("bridge.callbacks", "status", "503").count()).isEqualTo(1);
    }

    @Test
    void aCallbackToASuspendedRouteIs503WithRetryAfter() throws Exception {
        camel.getRouteController().suspendRoute("callback");

        MockHttpServletResponse answer = post("{}");

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isEqualTo("5");
        assertThat(processed).hasValue(0);
    }

    @Test
    void aCallbackReachingAStoppedConsumerIs503AndNotProcessed() throws Exception {
        DirectPlatformHttp.DirectConsumer consumer = (DirectPlatformHttp.DirectConsumer)
                ((DefaultPlatformHttpConsumer) camel.getRoute("callback").getConsumer()).getPlatformHttpConsumer();
        camel.getRouteController().stopRoute("callback");
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/daktela/agent-state");
        request.setContent("{}".getBytes());
        MockHttpServletResponse answer = new MockHttpServletResponse();

        consumer.serve(request, answer);

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isEqualTo("5");
        assertThat(processed).hasValue(0);
    }
}
