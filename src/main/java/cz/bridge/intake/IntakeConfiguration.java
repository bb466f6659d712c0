package cz.bridge.intake;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.config.BridgeProperties;
import cz.bridge.monitoring.BridgeMetrics;
import cz.bridge.monitoring.DeliveryRecorder;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedHandler;

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

    @Bean
    EventCodec eventCodec(ObjectMapper json) {
        return new EventCodec(json);
    }
}
