package cz.bridge.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import cz.bridge.config.BridgeProperties;
import cz.bridge.logging.RateLimitedLog;
import cz.bridge.logging.OneLine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.console.DevConsoleRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Basic auth on the management side (actuator, console, status page, admin API); health stays
 * open for probes and shows details only to the operator. The chain matches only the actuator
 * endpoints: the callback port has its own door (CallbackDoor), and Spring Security's filters would
 * run twice on every callback (platform-http answers in an async dispatch) for nothing.
 *
 * <p>Requests another site's page could make with a cached basic-auth login are refused as docs/security.md, "The
 * management port", describes ({@link #sentByAnotherSitesPage}, {@link #aWriteAnotherSiteCouldSend}); nothing changes state on a GET.
 */
@Configuration(proxyBeanMethods = false)
public class ManagementSecurity {

    /** The header the status page sends; any value will do. */
    public static final String REQUESTED_WITH = "X-Requested-With";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** A request attribute: the address whose login this request's check counts for (FailedLogins#begin). */
    private static final String LOGIN_BEING_CHECKED = ManagementSecurity.class.getName() + ".loginBeingChecked";

    /** The operator is the only role: a logged-in request is refused only by the cross-site rule. */
    static final String REFUSED_AS_CROSS_SITE = "{\"error\":\"a POST, PUT, PATCH or DELETE here needs a JSON body "
            + "(Content-Type: application/json) or an X-Requested-With header (any value, e.g. -H 'X-Requested-With: curl'): "
            + "a page on another site can send neither\"}";
    static final String REFUSED_FROM_ANOTHER_SITE = "{\"error\":\"your browser says a page on another site sent this request "
            + "(Sec-Fetch-Site): open this port's pages from the address bar or a link, or use a tool such as curl\"}";
    private static final String FETCH_SITE = "Sec-Fetch-Site";

    @Bean
    FailedLogins failedLoginsByAddress(BridgeProperties properties, Clock clock) {
        return new FailedLogins(properties.management().failedLoginPause(), clock);
    }

    @Bean
    SecurityFilterChain managementAccess(HttpSecurity http, WebEndpointProperties endpoints, FailedLogins failedLogins,
            BridgeProperties properties) throws Exception {
        // Hawtio's endpoint lives in the management context only (see spring.autoconfigure.exclude), where
        // EndpointRequest does not look; its page, files and servlets are behind the login all the same
        RequestMatcher hawtio = PathPatternRequestMatcher.withDefaults().matcher(endpoints.getBasePath() + "/hawtio/**");
        http.securityMatcher(new OrRequestMatcher(EndpointRequest.toAnyEndpoint(), hawtio))
                .authorizeHttpRequests(access -> access
                        .requestMatchers(ManagementSecurity::aWriteAnotherSiteCouldSend).denyAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .anyRequest().hasRole("OPERATOR"))
                .httpBasic(Customizer.withDefaults())
                // first: a request for another host's name is no login to check or count (DNS rebinding)
                .addFilterBefore(new OwnHostsOnly(properties.management().allowedHosts()), BasicAuthenticationFilter.class)
                // then, as the browser says, another site's page: its login is not checked or counted either (an image of
                // a page sent the operator's stale cached login, and ten such made the operator's address wait a minute)
                .addFilterBefore((request, response, chain) -> {
                    if (sentByAnotherSitesPage((HttpServletRequest) request)) {
                        HttpServletResponse answer = (HttpServletResponse) response;
                        answer.setStatus(HttpServletResponse.SC_FORBIDDEN);
                        answer.setContentType("application/json");
                        answer.getWriter().write(REFUSED_FROM_ANOTHER_SITE);
                        return;
                    }
                    chain.doFilter(request, response);
                }, BasicAuthenticationFilter.class)
                // before the password is checked: an address with too many wrong logins in a row gets no answer to its guess
                .addFilterBefore((request, response, chain) -> {
                    HttpServletRequest sent = (HttpServletRequest) request;
                    if (sent.getHeader("Authorization") == null) {
                        chain.doFilter(request, response);
                        return;
                    }
                    String from = failedLogins.countedAs(sent.getRemoteAddr());
                    FailedLogins.Refused refused = failedLogins.begin(from);
                    if (refused != null) {
                        HttpServletResponse answer = (HttpServletResponse) response;
                        answer.setStatus(429);
                        answer.setHeader("Retry-After", String.valueOf(refused.seconds()));
                        answer.setContentType("application/json");
                        answer.getWriter().write("{\"error\":\"" + refused.why() + "\"}");
                        return;
                    }
                    sent.setAttribute(LOGIN_BEING_CHECKED, from);
                    try {
                        chain.doFilter(request, response);
                    } finally {
                        // a wrong login ends here (Spring's filter answers 401 and goes no further)
                        if (sent.getAttribute(LOGIN_BEING_CHECKED) != null) {
                            sent.removeAttribute(LOGIN_BEING_CHECKED);
                            failedLogins.end(from);
                        }
                    }
                }, BasicAuthenticationFilter.class)
                // a right login's check ends here, not with its request: a long one (a replay of every parked event)
                // would count as being checked for its whole length
                .addFilterAfter((request, response, chain) -> {
                    Object from = request.getAttribute(LOGIN_BEING_CHECKED);
                    if (from != null) {
                        request.removeAttribute(LOGIN_BEING_CHECKED);
                        failedLogins.end((String) from);
                    }
                    chain.doFilter(request, response);
                }, BasicAuthenticationFilter.class)
                // a bare 403 left a curl user guessing what was missing
                .exceptionHandling(denied -> denied.accessDeniedHandler((request, response, refused) -> {
                    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                    response.setContentType("application/json");
                    response.getWriter().write(REFUSED_AS_CROSS_SITE);
                }))
                // Spring's CSRF token is of no use here: the clients are scripts and the status page,
                // with no session to keep a token in (and the filter would open one for every refused
                // request, before authentication). The rule above is the protection instead.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * A request the browser says another site's page sent (Sec-Fetch-Site), but a link followed to a page: an image or
     * script of such a page ran a GET with the operator's cached login too (a Daktela read at each validate?daktela=true,
     * megabytes of parked events at each list). Tools (curl, Prometheus) send no Sec-Fetch-Site.
     */
    static boolean sentByAnotherSitesPage(HttpServletRequest request) {
        return fromAnotherSite(request) && !("navigate".equals(request.getHeader("Sec-Fetch-Mode"))
                && "document".equals(request.getHeader("Sec-Fetch-Dest")) && SAFE_METHODS.contains(request.getMethod()));
    }

    /** A state change that a form or a fetch without preflight on another site could have sent, in any browser. */
    static boolean aWriteAnotherSiteCouldSend(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod()) && request.getHeader(REQUESTED_WITH) == null
                && !json(request.getContentType());
    }

    private static boolean fromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader(FETCH_SITE);
        return "cross-site".equals(site) || "same-site".equals(site);
    }

    // a page on another site may send only text/plain, application/x-www-form-urlencoded and
    // multipart/form-data bodies without a preflight; text/json is what Jolokia's client (Hawtio) sends
    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return ("application".equals(type.getType())
                    && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json")))
                    || ("text".equals(type.getType()) && "json".equals(type.getSubtype()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /**
     * A wrong user name or password at the login: an operator's typo, or someone guessing. Spring Security logs nothing of
     * it. The address and the user name tried (never the password), at most one line per 10 s with a count of those left
     * out, as the callback port's refusals: whoever guesses decides how many there are.
     */
    @Bean
    ApplicationListener<AbstractAuthenticationFailureEvent> failedLogins(FailedLogins byAddress) {
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(ManagementSecurity.class), Duration.ofSeconds(10));
        return failure -> {
            Authentication tried = failure.getAuthentication();
            String from = tried.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
            byAddress.failed(from);
            log.warn("Failed login to the management port from {} as user {}: {}", OneLine.of(from, 100),
                    OneLine.quoted(OneLine.of(tried.getName(), 64)), OneLine.of(failure.getException().getMessage(), 200));
        };
    }

    /** A right login clears its address's count of wrong ones. */
    @Bean
    ApplicationListener<AuthenticationSuccessEvent> rightLogins(FailedLogins byAddress) {
        return success -> {
            if (success.getAuthentication().getDetails() instanceof WebAuthenticationDetails web) {
                byAddress.succeeded(web.getRemoteAddress());
            }
        };
    }

    /**
     * BCrypt's lowest cost (2^4 rounds, about 1 ms) in place of Spring's default 2^10 (tens of ms of CPU per request):
     * every request is checked again (basic auth, no session), the status page sends two every 2.5 s, and a stranger's
     * wrong logins took that CPU from the callbacks. The hash guards nothing more at a higher cost: it lives in the same
     * memory as the password it was made from (BridgeProperties); the comparison stays constant-time. A bean, not an
     * encoder in {@link #operators}: Spring's login re-encodes a stored hash below its encoder's cost after each
     * successful login, which with its default encoder brought the cost back to 2^10.
     */
    @Bean
    PasswordEncoder operatorsPasswordEncoder() {
        return new BCryptPasswordEncoder(4);
    }

    @Bean
    UserDetailsService operators(BridgeProperties properties, PasswordEncoder encoder) {
        // a missing password is refused with the other credentials, by BridgeProperties
        return new InMemoryUserDetailsManager(User.withUsername(properties.management().user())
                .password(encoder.encode(properties.management().password())).roles("OPERATOR").build());
    }

    /**
     * Jolokia without its policy file (src/main/resources/jolokia-access.xml) allows everything, GET
     * and other sites' pages included, and says so only at INFO: with Jolokia on, a policy location
     * that names no file stops the start instead.
     */
    @Bean
    @ConditionalOnExpression("!'${management.endpoint.jolokia.access:none}'.equalsIgnoreCase('none')")
    InitializingBean jolokiaPolicyPresent(Environment env, ResourceLoader resources) {
        return () -> {
            String location = env.getProperty("management.endpoint.jolokia.config.policyLocation", "");
            if (location.isBlank() || !resources.getResource(location).exists()) {
                throw new IllegalStateException("Jolokia is on, but its policy file " + OneLine.quoted(location)
                        + " does not exist, and without one Jolokia allows every JMX operation, by GET and to other sites too: "
                        + "set management.endpoint.jolokia.config.policyLocation to a policy file (the bridge's is "
                        + "classpath:/jolokia-access.xml) or switch Jolokia off (management.endpoint.jolokia.access=none)");
            }
        };
    }

    /** Camel takes the registry from the Spring context instead of creating its own. */
    @Bean
    DevConsoleRegistry allowedDevConsoles(BridgeProperties properties) {
        return new AllowedDevConsoles(properties.management().consoles());
    }
}
