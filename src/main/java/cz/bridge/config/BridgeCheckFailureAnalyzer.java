package cz.bridge.config;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * A start stopped by one of the bridge's own checks while its beans were made (mappings.yaml refused, the data
 * directory not writable, DAKTELA_URL no address, a duplicate-id cache too large for the heap): each says what is
 * wrong and what to do, but reached the operator as "Application run failed" and a stack trace of 75-270 lines,
 * the words deep in a "Caused by"; a check of BridgeProperties' as Spring's "Failed to bind properties under
 * 'bridge.daktela' to cz.bridge.config.BridgeProperties$Daktela: Reason: java.lang.IllegalArgumentException: …
 * Fix: Update your application's configuration". The deepest exception the bridge's code threw, with words, is the
 * report: before Spring Boot's analyzers, after the one that names a variable whose value cannot be read (its
 * failure is Spring's conversion, none of the bridge's) and not for a setting refused before the log is set up
 * (SettingRefusedAnalyzer, which has the fix apart). Its message says what to do: no fix apart.
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
