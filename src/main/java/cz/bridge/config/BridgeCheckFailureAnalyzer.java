package cz.bridge.config;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * A start stopped by one of the bridge's own checks while its beans were made (mappings.yaml refused, the data
 * directory not writable, DAKTELA_URL no address, a duplicate-id cache too large for the heap): each says what is
 * wrong and what to do, but reached the operator as "Application run failed" and a stack trace of 75-270 lines,
 * the words deep in a "Caused by". The deepest exception the bridge's code threw, with words, is the report.
 * Last of the analyzers: Spring Boot's and the bridge's own for a given failure come first.
 */
public class BridgeCheckFailureAnalyzer implements FailureAnalyzer, Ordered {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        Throwable ours = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            StackTraceElement[] trace = t.getStackTrace();
            if (t.getMessage() != null && trace.length > 0 && trace[0].getClassName().startsWith("cz.bridge.")) {
                ours = t;
            }
        }
        return ours == null ? null
                : new FailureAnalysis(ours.getMessage(), "change what it names, then start the bridge again", failure);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
