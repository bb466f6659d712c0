package cz.bridge.config;

import cz.bridge.logging.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Why the bridge cannot start, in one line: Spring Boot's report is a banner of a dozen lines, which
 * the log's one-line form (logback-spring.xml, OneLine) turned into one long line of "\n"s.
 * Spring Boot's own reporter is off (application.yml).
 */
public class StartFailureLog implements FailureAnalysisReporter {

    private static final Logger LOG = LoggerFactory.getLogger(StartFailureLog.class);

    @Override
    public void report(FailureAnalysis analysis) {
        String action = analysis.getAction();
        LOG.error("Cannot start: {}{}", OneLine.joined(analysis.getDescription()),
                action == null || action.isBlank() ? "" : " Fix: " + OneLine.joined(action));
    }
}
