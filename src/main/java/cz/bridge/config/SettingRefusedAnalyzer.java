package cz.bridge.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A setting refused before the log is set up ({@link EmbeddedDefaults}): without an analysis Spring
 * Boot logs "Application run failed" and the whole stack trace; with it, StartFailureLog's one line.
 */
public class SettingRefusedAnalyzer extends AbstractFailureAnalyzer<SettingRefused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SettingRefused cause) {
        return new FailureAnalysis(cause.problem(), cause.fix(), cause);
    }
}
