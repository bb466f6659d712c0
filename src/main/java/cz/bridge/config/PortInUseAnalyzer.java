package cz.bridge.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * A port another process holds, named by the variable that sets it: Spring Boot's report ("configure this
 * application to listen on another port") does not say which of the bridge's two ports it is, nor how.
 */
public class PortInUseAnalyzer extends AbstractFailureAnalyzer<PortInUseException> implements Ordered {

    private final Environment environment;

    public PortInUseAnalyzer(Environment environment) {
        this.environment = environment;
    }

    /** Before Spring Boot's analyzer of the same failure. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
        String port = Integer.toString(cause.getPort());
        String variable = port.equals(environment.getProperty("management.server.port")) ? "MANAGEMENT_PORT"
                : port.equals(environment.getProperty("server.port")) ? "SERVER_PORT" : null;
        if (variable == null) {
            return null;
        }
        return new FailureAnalysis("port " + port + " (" + variable + (variable.equals("SERVER_PORT") ? ", the callback port" : ", the management port")
                + ") is already in use by another process (another bridge still running?)",
                "stop that process (`ss -ltnp 'sport = :" + port + "'` shows which), or set " + variable + " to a free port", cause);
    }
}
