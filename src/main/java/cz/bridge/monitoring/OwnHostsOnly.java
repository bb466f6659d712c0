package cz.bridge.monitoring;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import cz.bridge.logging.OneLine;
import cz.bridge.logging.RateLimitedLog;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.LoggerFactory;

/**
 * The management port answers only requests addressed to an IP address, localhost or a name in
 * MANAGEMENT_ALLOWED_HOSTS, refused before a login is checked or counted (DNS rebinding: docs/security.md, "The
 * management port"). Not Spring Security's firewall (StrictHttpFirewall.setAllowedHostnames, a
 * predicate): it is one for every request through Spring Security's filter, the callback port's among them, where
 * Daktela's requests may name any host, and it answers a refusal with an exception rather than this 421 saying the fix.
 */
final class OwnHostsOnly implements Filter {

    private final boolean any;
    private final Set<String> listed;
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(OwnHostsOnly.class), Duration.ofMinutes(1));

    /** @param allowedHosts names besides IP addresses and localhost (a port after a name is ignored); "*" allows any */
    OwnHostsOnly(List<String> allowedHosts) {
        this.any = allowedHosts.stream().anyMatch(host -> host.strip().equals("*"));
        this.listed = allowedHosts.stream().map(OwnHostsOnly::name).filter(name -> !name.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        String host = ((HttpServletRequest) request).getServerName();
        if (allows(host)) {
            chain.doFilter(request, response);
            return;
        }
        String shown = OneLine.of(host, 100);
        log.warn("Refused a request to the management port for host {}: it answers to IP addresses, localhost and the names in "
                + "MANAGEMENT_ALLOWED_HOSTS only; if that name is this bridge's (a proxy's, a service's), add it there", OneLine.quoted(shown));
        HttpServletResponse answer = (HttpServletResponse) response;
        // 421 Misdirected Request: this server is not the one the name is for
        answer.setStatus(421);
        answer.setContentType("application/json");
        answer.getWriter().write("{\"error\":\"this port answers to IP addresses, localhost and the names in MANAGEMENT_ALLOWED_HOSTS "
                + "only; if '" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "' is a name of this bridge, add it there\"}");
    }

    boolean allows(String host) {
        String name = name(host == null ? "" : host);
        return any || name.isEmpty() || name.equals("localhost") || name.endsWith(".localhost") || listed.contains(name)
                || ipLiteral(name);
    }

    /** Lower case, without a port, brackets' contents for IPv6, and without the root's trailing dot. */
    private static String name(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            // only a port may follow: anything else is no address ("[::1]evil" stays as it is, and no name allowed)
            return end >= 0 && name.substring(end + 1).matches("(:[0-9]*)?") ? name.substring(1, end) : name;
        }
        int colon = name.indexOf(':');
        if (colon >= 0 && colon == name.lastIndexOf(':')) {
            name = name.substring(0, colon);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static boolean ipLiteral(String name) {
        // digits and dots, or an IPv6 form: never a name, which InetAddress.getByName would look up
        if (!(name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9'))) {
            return false;
        }
        try {
            InetAddress.ofLiteral(name);
            return true;
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}
