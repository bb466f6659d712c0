package cz.bridge.monitoring;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Basic auth on the management side (actuator, console, status page, admin API); health stays
 * open for probes and shows details only to the operator. The chain matches only the actuator
 * endpoints: the callback endpoint has its own shared-secret check, and running Spring Security's
 * filters (twice, with platform-http's async dispatch) on every callback cost a third of the intake's
 * CPU in the benchmark.
 */
@Configuration(proxyBeanMethods = false)
public class ManagementSecurity {

    @Bean
    SecurityFilterChain managementAccess(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(access -> access
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .anyRequest().hasRole("OPERATOR"))
                .httpBasic(Customizer.withDefaults())
                // API clients and a status page on a loopback port, no forms and no session cookies
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    UserDetailsService operators(@Value("${bridge.management.user}") String user,
                                 @Value("${bridge.management.password}") String password) {
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("MANAGEMENT_PASSWORD is not set: set MANAGEMENT_USER and MANAGEMENT_PASSWORD "
                    + "for the management side (actuator, status page, admin API)");
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(user).password(encoder.encode(password)).roles("OPERATOR").build());
    }
}
