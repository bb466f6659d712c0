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
 * The management port while a start fails: its context outlives the bridge's for a moment, and a probe then logged
 * ERROR stack traces before the start's own line. So the DispatcherServlet is made as the port opens, and a request
 * once the bridge's context is inactive is answered 503 without a stack trace (Spring Boot has no setting for either).
 * Outside cz.bridge so that only its imports file (META-INF/spring/…ManagementContextConfiguration.imports) finds it;
 * scanned, it would configure the callback port's context instead.
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
