package cz.bridge.config;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Reports the deepest worded exception of the bridge's own checks (mappings.yaml refused, a data directory not
 * writable, ...) instead of Spring's "Application run failed" and a stack trace with the words deep in a "Caused by".
 * Runs before Spring Boot's analyzers, after VariableFailureAnalyzer, and leaves SettingRefused to
 * SettingRefusedAnalyzer; no fix apart, as the message says what to do.
 */
public class BridgeCheckFailureAnalyzer implements FailureAnalyzer, Ordered {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        Throwable ours = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            StackTraceElement[] trace = t.getStackTrace();
            // a check says what is wrong in its words; a bug (a NullPointerException in the bridge's code) keeps
            // Spring's report with its stack trace
            boolean check = t instanceof IllegalArgumentException || t instanceof IllegalStateException
                    || t.getClass().getName().startsWith("cz.bridge.");
            if (check && t.getMessage() != null && trace.length > 0 && trace[0].getClassName().startsWith("cz.bridge.")) {
                ours = t;
            }
        }
        if (ours instanceof SettingRefused) {
            return null;
        }
        return ours == null ? null
                : new FailureAnalysis(ours.getMessage(), null, failure);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
