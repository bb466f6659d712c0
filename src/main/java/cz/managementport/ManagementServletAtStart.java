package cz.managementport;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The management port while a start fails. Its context lives on for a moment after the bridge's own has given up (until
 * Spring Boot reports the failure); a readiness probe in that moment logged "ERROR … Context initialization failed" and
 * "ERROR … Servlet.service() … threw exception", each with some 70 lines of stack trace, before the start's one line
 * saying why: the DispatcherServlet, made at the first request, and the endpoints' lazy beans asked the bridge's
 * context, which was no longer active. Now the servlet is made as the port opens, and a request that comes, or fails,
 * once the bridge's context is no longer active is answered 503 without a stack trace. Spring Boot's management context
 * has no setting for either. Outside the package cz.bridge, which the application scans: a management context's
 * configuration must be found only through its imports file (META-INF/spring/…ManagementContextConfiguration.imports),
 * or it would configure the callback port's context instead.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class ManagementServletAtStart {

    @Bean
    static BeanPostProcessor dispatcherServletAtStart() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DispatcherServletRegistrationBean registration) {
                    registration.setLoadOnStartup(1);
                }
                return bean;
            }
        };
    }

    @Bean
    FilterRegistrationBean<Filter> noAnswerFromAFailedStart(ApplicationContext management) {
        ConfigurableApplicationContext bridge = (ConfigurableApplicationContext) management.getParent();
        Filter filter = (request, response, chain) -> {
            if (!bridge.isActive()) {
                answerStopping((HttpServletResponse) response);
                return;
            }
            try {
                chain.doFilter(request, response);
            } catch (IOException | ServletException | RuntimeException failed) {
                // the bridge's context gave up while this request was on its way (it is active until its beans are gone)
                if (bridge.isActive() || response.isCommitted()) {
                    throw failed;
                }
                response.reset();
                answerStopping((HttpServletResponse) response);
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static void answerStopping(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.getWriter().write("{\"status\":\"OUT_OF_SERVICE\",\"reason\":\"the bridge is not running\"}");
    }
}
