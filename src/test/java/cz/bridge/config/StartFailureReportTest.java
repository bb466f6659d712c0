package cz.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.env.SystemEnvironmentPropertySourceEnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
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
        // the form itself: docs/configuration.md, named before, has no row for a time zone (review 29)
        assertThat(zone.getAction()).isEqualTo("set DAKTELA_TIME_ZONE to a time zone of the IANA database, such as Europe/Prague or "
                + "Europe/Bratislava, or remove it for its default");
        assertThat(analysisOf("daktela.reconcile-interval", "ten").getDescription())
                .startsWith("DAKTELA_RECONCILE_INTERVAL is 'ten', which cannot be read as a Duration");
    }

    /** The analysis of the failed start with these variables as the process's environment, which Spring binds by relaxed names. */
    private FailureAnalysis analysisOfVariables(Map<String, Object> variables) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        ConfigurableEnvironment[] prepared = new ConfigurableEnvironment[1];
        withYml.withInitializer(context -> {
            ConfigurableEnvironment environment = context.getEnvironment();
            prepared[0] = environment;
            environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
            // as a started application has it: the variables' source knows each value's variable
            new SystemEnvironmentPropertySourceEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        }).run(context -> {
            Throwable failure = context.getStartupFailure();
            assertThat(failure).as("the start failed").isNotNull();
            analysis[0] = new VariableFailureAnalyzer(prepared[0]).analyze(failure);
        });
        return analysis[0];
    }

    /** Spring's report gave the property's name, class names, a pattern and "Update your application's configuration". */
    @Test
    void aVariableBoundByItsOwnNameIsNamedWithItsValueAndWhatAGoodOneLooksLike() {
        FailureAnalysis size = analysisOfVariables(Map.of("BRIDGE_STORAGE_MEMORY", "abc"));
        assertThat(size.getDescription()).isEqualTo("BRIDGE_STORAGE_MEMORY is 'abc', which cannot be read as a DataSize: "
                + "'abc' does not match data size pattern");
        assertThat(size.getAction()).isEqualTo("set BRIDGE_STORAGE_MEMORY to a size such as 8MB or 256KB (B, KB, MB, GB; "
                + "a plain number is bytes), or remove it for its default");
        FailureAnalysis duration = analysisOfVariables(Map.of("BRIDGE_DELIVERY_GIVE_UP_AFTER", "ten"));
        assertThat(duration.getDescription()).isEqualTo("BRIDGE_DELIVERY_GIVE_UP_AFTER is 'ten', which cannot be read as a "
                + "Duration: 'ten' is not a valid duration");
        assertThat(duration.getAction()).startsWith("set BRIDGE_DELIVERY_GIVE_UP_AFTER to a duration such as 30s");
        FailureAnalysis number = analysisOfVariables(Map.of("BRIDGE_DELIVERY_CONCURRENCY", "abc"));
        assertThat(number.getDescription()).as("an int setting: not 'as a int'").isEqualTo("BRIDGE_DELIVERY_CONCURRENCY is 'abc', "
                + "which cannot be read as a whole number: For input string: \"abc\"");
        assertThat(number.getAction()).isEqualTo("set BRIDGE_DELIVERY_CONCURRENCY to a whole number, or remove it for its default");
        assertThat(analysisOf("daktela.reconcile-interval", "ten").getAction())
                .as("a variable application.yml maps is told the same").startsWith("set DAKTELA_RECONCILE_INTERVAL to a duration such as 30s");
    }

    /** BRIDGE_UNMAPPED_PAUSE=skip was told to take "a value of the form the README's Configuration gives", which has no such row. */
    @Test
    void aChoiceAndAYesOrNoAreToldTheirValues() {
        assertThat(analysisOfVariables(Map.of("BRIDGE_UNMAPPED_PAUSE", "skip")).getAction())
                .isEqualTo("set BRIDGE_UNMAPPED_PAUSE to one of park, send-reason-zero, or remove it for its default");
        assertThat(analysisOfVariables(Map.of("BRIDGE_ARISTOTELOS_BASIC_AUTH", "ja")).getAction())
                .isEqualTo("set BRIDGE_ARISTOTELOS_BASIC_AUTH to true or false, or remove it for its default");
    }

    /**
     * The failure of a setting Spring reads itself (server.port, management.server.port), with these variables as the
     * process's environment and the jar's application.yml, as Spring's resolver throws it.
     */
    private FailureAnalysis analysisOfSpringsRead(Map<String, Object> variables, String property) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        new SystemEnvironmentPropertySourceEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        for (PropertySource<?> yml : new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))) {
            environment.getPropertySources().addLast(yml);
        }
        ConfigurationPropertySources.attach(environment);
        Throwable failure = catchThrowable(() -> ConfigurationPropertySources.createPropertyResolver(environment.getPropertySources())
                .getProperty(property, Integer.class));
        assertThat(failure).as("Spring's read of " + property).hasCauseInstanceOf(InvalidConfigurationPropertyValueException.class);
        return new VariableFailureAnalyzer(environment).analyze(new IllegalStateException("the start failed", failure));
    }

    /**
     * Spring's report: "Invalid value '${MANAGEMENT_PORT:9090}' for configuration property 'management.server.port' …
     * Review the value of the property with the provided reason", and for SERVER_PORT=abc the property, a class name and
     * the placeholder in application.yml.
     */
    @Test
    void aPortVariableSpringReadsItselfIsNamedWithItsValue() throws Exception {
        FailureAnalysis management = analysisOfSpringsRead(Map.of("MANAGEMENT_PORT", "abc"), "management.server.port");
        assertThat(management.getDescription()).isEqualTo("MANAGEMENT_PORT is 'abc', which cannot be read (Failed to convert to "
                + "type java.lang.Integer)");
        assertThat(management.getAction()).isEqualTo("set MANAGEMENT_PORT to a whole number, or remove it for its default");
        FailureAnalysis server = analysisOfSpringsRead(Map.of("SERVER_PORT", "abc"), "server.port");
        assertThat(server.getDescription()).isEqualTo("SERVER_PORT is 'abc', which cannot be read (Failed to convert to type "
                + "java.lang.Integer)");
        assertThat(server.getAction()).isEqualTo("set SERVER_PORT to a whole number, or remove it for its default");
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

    /** MAPPINGS_FILE set but empty (an empty line of a compose file) started on ./mappings.yaml, whatever file was meant. */
    @Test
    void anEmptyMappingsFileIsRefusedNotReplacedByTheDefault(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplication(cz.bridge.BridgeApplication.class).run("--mappings.file="))
                .isInstanceOf(SettingRefused.class);
        assertThat(output.getAll()).contains("Cannot start: MAPPINGS_FILE is set but empty Fix: set it to the mappings file's path");
    }

    /**
     * One of the bridge's own checks while its beans are made (here mappings.yaml missing): its words were deep in a
     * "Caused by" of a stack trace of 75-270 lines; now they are the report. A failure of nothing the bridge threw is
     * left to Spring Boot's report.
     */
    @Test
    void aCheckOfTheBridgesOwnIsTheReport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        RuntimeException check = null;
        try {
            new cz.bridge.mapping.MappingsFile(dir.resolve("mappings.yaml"));
        } catch (RuntimeException refused) {
            check = refused;
        }
        assertThat(check).as("the mappings file's check").isNotNull();
        Throwable startFailure = new org.springframework.beans.factory.BeanCreationException("stateTranslator",
                "Failed to instantiate", new IllegalStateException(new RuntimeException("wrapped", check)));
        FailureAnalysis analysis = new BridgeCheckFailureAnalyzer().analyze(startFailure);
        assertThat(analysis.getDescription()).isEqualTo(check.getMessage()).contains("mappings.yaml");
        Throwable springs = null;
        try {
            new org.springframework.beans.factory.support.DefaultListableBeanFactory().getBean("nothing");
        } catch (RuntimeException e) {
            springs = e;
        }
        assertThat(new BridgeCheckFailureAnalyzer().analyze(springs)).as("thrown by Spring alone").isNull();
        Throwable bug = null;
        try {
            new cz.bridge.mapping.MappingsFile(null);
        } catch (RuntimeException e) {
            bug = e;
        }
        assertThat(bug).isInstanceOf(NullPointerException.class);
        assertThat(new BridgeCheckFailureAnalyzer().analyze(new org.springframework.beans.factory.BeanCreationException("mappingsFile", "Failed to instantiate", bug)))
                .as("a bug in the bridge's code: Spring's report, with its stack trace").isNull();
    }

    /** Spring's report of the same failure: "Failed to bind properties under 'bridge.daktela' to …$Daktela: Reason: …". */
    @Test
    void aCheckOfTheSettingsIsTheReportInItsOwnWords() {
        withYml.withPropertyValues("bridge.daktela.reconcile-interval=-5s").run(context -> {
            FailureAnalysis analysis = new BridgeCheckFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("DAKTELA_RECONCILE_INTERVAL must be 0 (off) or at least 1s: give a "
                    + "duration such as 60s");
        });
        assertThat(new BridgeCheckFailureAnalyzer().getOrder()).as("after VariableFailureAnalyzer, before Spring Boot's")
                .isGreaterThan(new VariableFailureAnalyzer(new MockEnvironment()).getOrder())
                .isLessThan(org.springframework.core.Ordered.LOWEST_PRECEDENCE);
    }

    @Test
    void theReportIsOneLine() {
        assertThat(cz.bridge.logging.OneLine.joined("\nWeb server failed to start.\n   Port 8080 was already in use.\n")).isEqualTo(
                "Web server failed to start. Port 8080 was already in use.");
    }
}
