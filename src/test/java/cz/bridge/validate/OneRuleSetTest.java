package cz.bridge.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import cz.bridge.mapping.ExternalState;
import cz.bridge.mapping.Finding;
import cz.bridge.mapping.Mappings;
import cz.bridge.mapping.MappingsFile;
import cz.bridge.mapping.MappingsInvalid;
import cz.bridge.mapping.MappingsRules;
import cz.bridge.monitoring.MappingsHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.actuate.health.Health;

/**
 * The bridge (at start and on reload) and {@code validate} apply one rule set: what validate
 * rejects, the bridge refuses with the same findings; warnings stop neither. No Spring.
 */
class OneRuleSetTest {

    @TempDir
    Path dir;

    private Path write(String yaml) {
        return TestFiles.write(dir, "mappings.yaml", yaml);
    }

    private static List<Finding> errorsOfValidate(Path file) {
        return new MappingsValidator().validate(file).findings().stream().filter(Finding::isError).toList();
    }

    static Stream<Arguments> filesValidateRejects() {
        return Stream.of(
                arguments("reason-id-duplicate", TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonId: 2, reasonCode: lunch")),
                arguments("id-shared", TestFiles.guideWith("{name: Login,        id: 1", "{name: Login,        id: 2")),
                arguments("session-reason", TestFiles.guideWith("code: Ready,    reasonId: 0, reasonCode: null",
                        "code: Ready,    reasonId: 0, reasonCode: ready")),
                arguments("id-per-code", TestFiles.guideWith("{name: Email,        id: 3", "{name: Email,        id: 4")),
                arguments("terminating-state-unknown", TestFiles.guideWith("Lajdák, Oběd, Wrap", "Lajdák, Obed, Wrap")),
                arguments("reason-code-missing", TestFiles.guideWith("reasonCode: email,", "reasonCode: null, ")),
                arguments("code-unknown", TestFiles.guideWith("code: NotReady, reasonId: 3", "code: Notready, reasonId: 3")),
                arguments("duplicate-row", TestFiles.guideWith("reasonCode: dnd,", "reasonCode: backoffice,")),
                arguments("mandatory-state", TestFiles.guideWith(
                        "  - {name: Login,        id: 1, code: Login,    reasonId: 0, reasonCode: null,       operatorState: Ready}\n", "")),
                arguments("field-not-a-number", TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonId: six, reasonCode: lunch")),
                arguments("field-not-one-value", TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonId: [6], reasonCode: lunch")),
                arguments("field-negative", TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonId: -6, reasonCode: lunch")),
                arguments("field-negative", TestFiles.guideWith("{name: Email,        id: 3", "{name: Email,        id: -3")),
                arguments("yaml-invalid", TestFiles.GUIDE.replace("  - {name: Wrap,", "  - {name: Wrap: x,")),
                arguments("key-unknown", TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonID: 6, reasonCode: lunch")),
                arguments("duplicate-key", TestFiles.guideWith("reasonCode: lunch,", "reasonCode: lunch, reasonCode: obed,")),
                arguments("yaml-invalid", TestFiles.guideWith("{name: Wrap,", "{name: Wrap\u0007,")),
                arguments("yaml-limit", TestFiles.GUIDE.replace("  - {name: Login,", "  - &l {name: Login,")
                        + "x: [" + "*l,".repeat(60) + "*l]\n"),
                arguments("yaml-limit", TestFiles.GUIDE + "x: " + "[".repeat(60) + "]".repeat(60) + "\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filesValidateRejects")
    void theBridgeDoesNotStartWithAFileValidateRejects_andSaysWhatToFix(String rule, String yaml) {
        Path file = write(yaml);
        List<Finding> errors = errorsOfValidate(file);
        assertThat(errors).extracting(Finding::rule).contains(rule);

        assertThatThrownBy(() -> new MappingsFile(file)).isInstanceOfSatisfying(MappingsInvalid.class, e -> {
            assertThat(e.errors()).containsExactlyInAnyOrderElementsOf(errors);
            errors.forEach(f -> assertThat(e.getMessage()).contains(f.where().text() + ": " + f.message() + "; fix: " + f.fix()));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filesValidateRejects")
    void aReloadRefusesAFileValidateRejects_keepsTheMappingsInForce_andRecoversWhenFixed(String rule, String yaml) throws Exception {
        Path file = write(TestFiles.GUIDE);
        MappingsFile mappings = new MappingsFile(file);
        Mappings good = mappings.current();

        write(yaml);
        mappings.reload();

        assertThat(mappings.current()).isSameAs(good);
        assertThat(mappings.refused()).containsExactlyInAnyOrderElementsOf(errorsOfValidate(file))
                .extracting(Finding::rule).contains(rule);
        Health health = new MappingsHealth(mappings).health();
        assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(health.getDetails().get("findings")).isEqualTo(mappings.refused().stream().map(Finding::toJson).toList());
        assertThat(health.getDetails().get("problem").toString()).contains(mappings.refused().get(0).text());

        write(TestFiles.GUIDE);
        mappings.reload();

        assertThat(mappings.refused()).isEmpty();
        assertThat(mappings.current()).isNotSameAs(good);
        assertThat(new MappingsHealth(mappings).health().getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void warningsStopNeitherValidateNorTheBridge() throws Exception {
        Path file = write(TestFiles.guideWith("Wrap, Ready, Logout]", "Wrap, Ready]")
                .replace("reasonId: 7, reasonCode: \"20\"", "reasonId: 0, reasonCode: \"20\""));

        ValidationReport report = new MappingsValidator().validate(file);
        assertThat(report.findings()).extracting(Finding::rule).containsExactlyInAnyOrder("reason-id-zero", "not-ended-by-logout");
        assertThat(report.exitCode()).isZero();

        MappingsFile mappings = new MappingsFile(file);
        assertThat(mappings.refused()).isEmpty();
        assertThat(mappings.current().forPause("20")).hasValueSatisfying(s -> assertThat(s.reasonId()).isZero());
    }

    /** The bridge never uses an employee state's name (AristoTelos has its own): said, not refused. */
    @Test
    void anEmployeeStateWithoutANameStopsNeitherValidateNorTheBridge() throws Exception {
        String unnamed = TestFiles.guideWith("  - name: Backoffice\n    abbreviation: BO\n", "  - abbreviation: BO\n");
        Path file = write(unnamed);

        ValidationReport report = new MappingsValidator().validate(file);
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("employee-state-unnamed");
            assertThat(f.isError()).isFalse();
        });
        assertThat(report.exitCode()).isZero();

        MappingsFile mappings = new MappingsFile(file);
        assertThat(mappings.refused()).isEmpty();
        assertThat(mappings.current().employeeStates()).singleElement().satisfies(e -> assertThat(e.name()).isNull());

        write(TestFiles.GUIDE);
        mappings.reload();
        write(unnamed);
        mappings.reload();
        assertThat(mappings.refused()).as("a reload takes it too").isEmpty();
        assertThat(mappings.current().employeeStates()).singleElement().satisfies(e -> assertThat(e.name()).isNull());
    }

    @Test
    void aMissingFileStopsTheStartNamingTheSettingToFix() {
        assertThatThrownBy(() -> new MappingsFile(dir.resolve("nope.yaml"))).isInstanceOf(MappingsInvalid.class)
                .hasMessageContaining("does not exist").hasMessageContaining("MAPPINGS_FILE");
    }

    @Test
    void theRulesArePlainCodeOnRows() {
        List<ExternalState> rows = List.of(
                new ExternalState("Login", 1, "Login", 0, null, null, 2, 1),
                new ExternalState("Logout", 1, "Logout", 0, null, null, 3, 2),
                new ExternalState("Oběd", 3, "NotReady", 6, "lunch", null, 4, 3));

        assertThat(MappingsRules.check(rows, List.of()))
                .extracting(Finding::rule, f -> f.where().text())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mandatory-state", "externalStates"),
                        org.assertj.core.groups.Tuple.tuple("id-shared", "line 3, externalStates row 2 (Logout), id"));
    }
}
