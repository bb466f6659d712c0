package cz.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import cz.bridge.BridgeIntegrationTest;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * A callback is served by platform-http's consumer straight from DirectPlatformHttp's filter:
 * it never reaches the filters behind it (security, Spring MVC), and is answered as before.
 * What is not a route's path and method still goes the usual way.
 */
@Import(DirectPlatformHttpTest.BehindTheDirectFilter.class)
class DirectPlatformHttpTest extends BridgeIntegrationTest {

    @TestConfiguration
    static class BehindTheDirectFilter {
        final List<String> seen = new CopyOnWriteArrayList<>();

        /** Stands where Spring Security and Spring MVC's filters stand: right after the direct filter. */
        @Bean
        FilterRegistrationBean<Filter> recordWhatGoesOn() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                HttpServletRequest http = (HttpServletRequest) request;
                seen.add(http.getMethod() + " " + http.getRequestURI());
                chain.doFilter(request, response);
            });
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
        }
    }

    @Autowired
    BehindTheDirectFilter behind;

    @Test
    void aCallbackIsAnsweredWithoutTheFilterChainBehind() {
        String user = agent("direct");
        HttpResponse<String> response = postJson("{\"id\":\"" + user + "\",\"event\":\"login\",\"user\":\"" + user + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"id\":\"" + user + "\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 1);
        assertThat(behind.seen).noneMatch(line -> line.startsWith("POST /daktela/agent-state"));
    }

    @Test
    void aFormIsReadAsUtf8() {
        String user = "dvořák-" + agent("form");
        HttpResponse<String> response = post(callbackUri(null), "application/x-www-form-urlencoded",
                "event=login&user=" + URLEncoder.encode(user, StandardCharsets.UTF_8), SECRET);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 1);
        // and as a template may send it: not percent-encoded
        String raw = "dvořák-" + agent("form-raw");
        assertThat(post(callbackUri(null), "application/x-www-form-urlencoded", "event=login&user=" + raw, SECRET).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(raw).size() == 1);
    }

    @Test
    void anotherMethodGoesTheUsualWayAndIsRefused() {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/daktela/agent-state"))
                .timeout(Duration.ofSeconds(10)).GET(), "GET");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(behind.seen).contains("GET /daktela/agent-state");
    }

    @Autowired
    ApplicationContext context;

    @Test
    void whileNotReadyACallbackARouteServesIsAnsweredAndAnyOtherPostIs503() {
        URI nowhere = URI.create("http://127.0.0.1:" + port + "/daktela/nowhere");
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            String user = agent("not-ready");
            HttpResponse<String> callback = postJson("{\"id\":\"" + user + "\",\"event\":\"login\",\"user\":\"" + user + "\"}");
            assertThat(callback.statusCode()).as(callback.body()).isEqualTo(202);

            HttpResponse<String> elsewhere = post(nowhere, "application/json", "{}", SECRET);
            assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(503);
            assertThat(elsewhere.headers().firstValue("Retry-After")).hasValue("5");
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
        HttpResponse<String> ready = post(nowhere, "application/json", "{}", SECRET);
        assertThat(ready.statusCode()).as("ready: no route takes it").isEqualTo(404);
        assertThat(ready.body()).contains("callbacks go to POST /daktela/agent-state");
    }
}
