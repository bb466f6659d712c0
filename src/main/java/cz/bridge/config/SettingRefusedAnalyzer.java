package cz.bridge.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * A setting refused before the log is set up ({@link EmbeddedDefaults}): without an analysis Spring
 * Boot logs "Application run failed" and the whole stack trace; with it, StartFailureLog's one line.
 */
public class SettingRefusedAnalyzer extends AbstractFailureAnalyzer<SettingRefused> {

    /** Spring Boot's reporter, which application.yml turns off: not read yet, so it printed a banner of the same words. */
    private static final String SPRINGS_REPORTER = "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SettingRefused cause) {
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel(SPRINGS_REPORTER, LogLevel.OFF);
        return new FailureAnalysis(cause.problem(), cause.fix(), cause);
    }
}
