package cz.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

/** What an operator reads when a documented variable's value cannot be read: the variable, not application.yml. */
@ExtendWith(OutputCaptureExtension.class)
class StartFailureReportTest {

    private final ApplicationContextRunner withYml = new ApplicationContextRunner()
            .withUserConfiguration(EmbeddedDefaultsTest.PropertiesOnly.class)
            .withInitializer(new ConfigDataApplicationContextInitializer());

    /** The analysis of the failed start with this one property (name=value), in an environment holding it. */
    private FailureAnalysis analysisOf(String name, String value) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        withYml.withPropertyValues(name + "=" + value).run(context -> {
            Throwable failure = context.getStartupFailure();
            assertThat(failure).as("the start failed").isNotNull();
            analysis[0] = new VariableFailureAnalyzer(new MockEnvironment().withProperty(name, value)).analyze(failure);
        });
        return analysis[0];
    }

    @Test
    void aMappedVariableIsNamedWithItsValueAndWhy() {
        FailureAnalysis zone = analysisOf("daktela.time-zone", "Europe/Praha");
        assertThat(zone.getDescription()).isEqualTo("DAKTELA_TIME_ZONE is 'Europe/Praha', which cannot be read as a ZoneId: "
                + "Unknown time-zone ID: Europe/Praha");
        assertThat(zone.getAction()).startsWith("set DAKTELA_TIME_ZONE to a value");
        assertThat(analysisOf("daktela.reconcile-interval", "ten").getDescription())
                .startsWith("DAKTELA_RECONCILE_INTERVAL is 'ten', which cannot be read as a Duration");
    }

    @Test
    void aPropertySetUnderItsOwnNameIsLeftToSpringsReportWhichNamesWhereItWasSet() {
        assertThat(analysisOf("bridge.daktela.time-zone", "Europe/Praha")).isNull();
    }

    /** Refused while the environment is prepared, before the log is set up: one line too, not a stack trace. */
    @Test
    void aSettingRefusedBeforeTheLogIsSetUpIsOneLine(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplication(cz.bridge.BridgeApplication.class).run("--bridge.data-dir="))
                .isInstanceOf(SettingRefused.class);
        assertThat(output.getAll()).contains("Cannot start: BRIDGE_DATA_DIR is set but empty Fix: set it to the folder")
                .doesNotContain("Application run failed").doesNotContain("\tat cz.bridge.config.EmbeddedDefaults");
    }

    @Test
    void theReportIsOneLine() {
        assertThat(StartFailureLog.flat("\nWeb server failed to start.\n   Port 8080 was already in use.\n")).isEqualTo(
                "Web server failed to start. Port 8080 was already in use.");
    }
}
