package cz.bridge.intake;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.config.BridgeProperties;
import cz.bridge.monitoring.BridgeMetrics;
import cz.bridge.monitoring.DeliveryRecorder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.ProtocolHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.DispatcherTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.view.json.MappingJackson2JsonView;

/** The callback's way in: the door, the parser and the intake routes/callback.camel.yaml calls, and the stored events' JSON. */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    /** The callback's own way to platform-http's consumers, past Spring MVC (why: DirectPlatformHttp). */
    @Bean
    DirectPlatformHttp directPlatformHttp(ApplicationAvailability availability, ObjectMapper json, BridgeMetrics metrics) {
        return new DirectPlatformHttp(availability, json, metrics);
    }

    /** platform-http looks the engine up by this name. */
    @Bean("platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port, DirectPlatformHttp direct) {
        return direct.engine(port);
    }

    /** Ahead of every other filter of the callback port (security, request context, Spring MVC). */
    @Bean
    FilterRegistrationBean<DirectPlatformHttp> directPlatformHttpFilter(DirectPlatformHttp direct) {
        FilterRegistrationBean<DirectPlatformHttp> registration = new FilterRegistrationBean<>(direct);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    CallbackParser callbackParser(ObjectMapper json, BridgeProperties properties, Clock clock) {
        return new CallbackParser(json, properties.daktela().timeZone(), clock, properties.callback().maxBatchEvents());
    }

    @Bean
    CallbackIntake callbackIntake(CallbackParser parser, ObjectMapper json, BridgeMetrics metrics, DeliveryRecorder recorder) {
        return new CallbackIntake(parser, json, metrics, recorder);
    }

    /** Closing starts: refuse new callbacks with 503 while in-flight work finishes. */
    @Bean
    ApplicationListener<ContextClosedEvent> refuseCallbacksWhenClosing(CallbackIntake callbackIntake) {
        return event -> callbackIntake.close();
    }

    /** Every POST at the callback port passes the door before Spring or Camel read anything of it. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> callbackDoor(BridgeProperties properties, ObjectMapper json,
                                                                          BridgeMetrics metrics) {
        BridgeProperties.Callback callback = properties.callback();
        return factory -> {
            factory.addContextValves(new CallbackDoor(callback.secret(), callback.secretHeader(),
                    callback.maxBodySize().toBytes(), callback.bodyReadTimeout(), json, metrics));
            // set once the connector has made Tomcat's adapter, before it takes a request
            factory.addConnectorCustomizers(connector -> connector.addLifecycleListener(event -> {
                if (Lifecycle.AFTER_INIT_EVENT.equals(event.getType())) {
                    ProtocolHandler protocol = connector.getProtocolHandler();
                    protocol.setAdapter(new UnreadBodyCloses(protocol.getAdapter()));
                }
            }));
            // Tomcat's own refusals (headers it cannot read) in JSON too; the host makes the valve from its name
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(JsonErrorReport.class.getName());
                }
            });
        };
    }

    /**
     * Spring Security's firewall refuses a request it does not read (a method it does not know, "post" in lower case,
     * PROPFIND, TRACE; an encoded slash): its own answer, a sendError(400) whose error page the firewall refuses again,
     * reached the sender as a 400 without a body. JSON like every answer on the port, without echoing the request.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return (request, response, rejected) -> CallbackDoor.writeError(response, json, 400, "the request's method, path or "
                + "headers are not accepted: send callbacks as an HTTP/1.1 POST to the callback path");
    }

    /**
     * Both ports' answer to a browser's CORS preflight and to a request for the error page itself, ahead of every other
     * chain: Spring Security's filters run on both ports. No preflight is ever granted (Daktela calls from its servers, the
     * status page and Hawtio are on the management port's own origin); Spring MVC refused one 403 in text/plain. The error
     * page asked for directly answered 500 (200 on the management port) with {"status":999}: it is answered 404 in the
     * words of any unknown path, through Tomcat's error page as those are.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain preflightsAndErrorPage(ObjectMapper json, @Value("${server.error.path:/error}") String errorPath) {
        RequestMatcher errorPage = new AndRequestMatcher(new DispatcherTypeRequestMatcher(DispatcherType.REQUEST),
                PathPatternRequestMatcher.withDefaults().matcher(errorPath));
        return new DefaultSecurityFilterChain(new OrRequestMatcher(CorsUtils::isPreFlightRequest, errorPage), (request, response, chain) -> {
            if (CorsUtils.isPreFlightRequest((HttpServletRequest) request)) {
                CallbackDoor.writeError((HttpServletResponse) response, json, HttpServletResponse.SC_FORBIDDEN, "a cross-origin "
                        + "(CORS) request is not allowed here: Daktela calls the callback port from its servers, and the management "
                        + "port serves only its own pages and scripts, never a page of another site");
            } else {
                ((HttpServletResponse) response).sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        });
    }

    /**
     * The error page a browser gets (Accept: text/html), in the JSON every other client gets: Spring Boot's whitelabel
     * HTML page otherwise. A view, not a view's name: a name goes through content negotiation, which takes no JSON for
     * text/html.
     */
    @Bean
    ErrorViewResolver jsonErrorPage(ObjectMapper json) {
        View view = new MappingJackson2JsonView(json);
        return (request, status, model) -> new ModelAndView(view, model);
    }

    @Bean
    EventCodec eventCodec(ObjectMapper json) {
        return new EventCodec(json);
    }
}
