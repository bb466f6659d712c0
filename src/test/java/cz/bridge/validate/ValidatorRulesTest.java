package cz.bridge.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;

import cz.bridge.mapping.Finding;
import cz.bridge.mapping.Severity;
import cz.bridge.mapping.Where;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MappingsValidator on crafted mappings files: one test per rule. */
class ValidatorRulesTest {

    @TempDir
    Path dir;

    private final MappingsValidator validator = new MappingsValidator();

    private ValidationReport validate(String yaml) {
        return validator.validate(TestFiles.write(dir, "mappings.yaml", yaml));
    }

    private static List<Finding> rule(ValidationReport report, String rule) {
        return report.findings().stream().filter(f -> f.rule().equals(rule)).toList();
    }

    @Test
    void theProjectsDefaultMappingsFileHasNoErrorsAndNoWarnings() {
        ValidationReport report = validator.validate(Path.of("mappings.yaml"));

        assertThat(report.findings()).isEmpty();
        assertThat(report.exitCode()).isZero();
        assertThat(report.status()).isEqualTo("ok");
    }

    /**
     * A generated or wrong file with thousands of unknown names: a closest name was looked for each against every row
     * (minutes at the start, the reload and validate), and every finding went into the log and readiness (mappings review).
     */
    @Test
    void aFileWithThousandsOfFindingsListsTheFirstHundredAndCountsTheRest() {
        StringBuilder rows = new StringBuilder();
        StringBuilder unknown = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            rows.append("  - {name: Pause ").append(i).append(", id: 3, code: NotReady, reasonId: ").append(8 + i)
                    .append(", reasonCode: p").append(i).append(", operatorState: P}\n");
            unknown.append(", Pauze ").append(i);
        }
        String yaml = TestFiles.guideWith("employeeStates:", rows + "employeeStates:")
                .replace("Ready, Logout]", "Ready, Logout" + unknown + "]");

        ValidationReport report = validate(yaml);

        assertThat(report.findings()).hasSize(101);
        assertThat(rule(report, "more-findings")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).isEqualTo("2900 more findings (2900 errors) are not listed");
        });
        List<Finding> unknowns = rule(report, "terminating-state-unknown");
        assertThat(unknowns).hasSize(100);
        assertThat(unknowns.get(0).fix()).isEqualTo("write 'Pause 0' (the external state's exact name)");
        assertThat(unknowns.get(49).fix()).isEqualTo("write 'Pause 49' (the external state's exact name)");
        assertThat(unknowns.get(50).fix()).as("no closest name looked for past the first 50")
                .startsWith("write the name of an external state (");
        assertThat(report.exitCode()).isNotZero();
    }

    /**
     * A long name repeated by scalar aliases (SnakeYAML limits only aliases of lists and maps): each repetition was a
     * finding quoting the whole name, a hundred findings of 200 kB each in the heap, the log line, readiness and the
     * answer (a review, 2026-12-06: a 1 MB name ran the running bridge out of heap). Quoted values are cut; and a
     * hundred thousand findings of one mistake are counted, not kept.
     */
    @Test
    void aLongNameRepeatedByAliasesIsQuotedCutInEachFinding() {
        String yaml = TestFiles.GUIDE.replace("Ready, Logout]", "Ready, Logout, &n " + "n".repeat(200_000) + ", *n".repeat(120) + "]");

        ValidationReport report = validate(yaml);

        assertThat(rule(report, "terminating-state-unknown")).hasSize(100)
                .allSatisfy(f -> assertThat(f.message().length() + f.fix().length()).isLessThan(1_000));
        assertThat(report.findings().stream().mapToInt(f -> f.message().length() + f.fix().length() + f.where().text().length()).sum())
                .isLessThan(100_000);
        assertThat(rule(report, "more-findings")).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo("21 more findings (21 errors) are not listed"));
    }

    @Test
    void aHundredAndFiftyThousandFindingsAreCountedNotKept() {
        String yaml = TestFiles.GUIDE.replace("Ready, Logout]", "Ready, Logout" + ", q".repeat(150_000) + "]");

        ValidationReport report = validate(yaml);

        assertThat(report.findings()).hasSize(101);
        assertThat(rule(report, "more-findings")).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo("149900 more findings (149900 errors) are not listed"));
    }

    /** An error after a thousand warnings (a generated table, reason id 0 on every pause) was counted, not listed: no line. */
    @Test
    void anErrorAfterAThousandWarningsIsListedWithItsLine() {
        StringBuilder yaml = new StringBuilder("externalStates:\n");
        for (int i = 0; i <= 1_000; i++) {
            yaml.append("  - {name: P").append(i).append(", id: 3, code: NotReady, reasonId: 0, reasonCode: p").append(i).append("}\n");
        }
        yaml.append("  - {name: Ready, id: 2, code: Ready}\n  - {name: Logout, id: 0, code: Logout}\n  - {name: Login, id: 2, code: Login}\n");

        ValidationReport report = validate(yaml.toString());

        assertThat(report.findings()).hasSize(101);
        assertThat(report.findings().get(0)).satisfies(f -> {
            assertThat(f.rule()).isEqualTo("id-shared");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.where().line()).isEqualTo(1005);
        });
        assertThat(rule(report, "more-findings")).singleElement().satisfies(f -> {
            assertThat(f.severity()).as("the errors are listed").isEqualTo(Severity.WARNING);
            assertThat(f.message()).endsWith("(0 errors) are not listed");
        });
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void theSetupGuidesTableHasNoFindings() {
        assertThat(validate(TestFiles.GUIDE).findings()).isEmpty();
    }

    @Test
    void aMissingMandatoryRowIsOneErrorWithTheGuidesRowAsFix_andTheOtherChecksStillRun() {
        String yaml = TestFiles.guideWith("  - {name: Login,        id: 1, code: Login,    reasonId: 0, reasonCode: null,       operatorState: Ready}\n", "")
                .replace("reasonId: 2, reasonCode: dnd", "reasonId: 1, reasonCode: dnd");

        ValidationReport report = validate(yaml);

        assertThat(rule(report, "mandatory-state")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.where().section()).isEqualTo("externalStates");
            assertThat(f.message()).contains("no row with code Login");
            assertThat(f.fix()).contains("{name: Login, id: 1, code: Login, reasonId: 0, reasonCode: null, operatorState: Ready}");
        });
        // the bridge would refuse the file, yet all rules ran on the readable rows
        assertThat(rule(report, "reason-id-duplicate")).singleElement()
                .satisfies(f -> assertThat(f.where().line()).isEqualTo(3));
        // and nothing is reported twice
        assertThat(report.findings()).hasSize(2);
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void aNotReadyRowWithoutReasonCodeIsAnErrorAtItsLineRowAndField() {
        ValidationReport report = validate(TestFiles.guideWith("reasonCode: email,", "reasonCode: null, "));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.where()).isEqualTo(new Where(4, "externalStates", 3, "Email", "reasonCode"));
            assertThat(f.where().text()).isEqualTo("line 4, externalStates row 3 (Email), reasonCode");
            assertThat(f.fix()).contains("Daktela pause");
        });
    }

    @Test
    void twoRowsWithTheSameCodeAndReasonCodeAreAnError() {
        ValidationReport report = validate(TestFiles.guideWith("reasonCode: dnd,", "reasonCode: backoffice,"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("duplicate-row");
            assertThat(f.where().line()).isEqualTo(3);
            assertThat(f.where().row()).isEqualTo(2);
            assertThat(f.message()).contains("repeats code NotReady with reasonCode 'backoffice'").contains("line 2");
            assertThat(f.fix()).contains("keep one");
        });
    }

    /** A row written over several lines: a finding names the line of its field, not the row's first. */
    @Test
    void aFindingInARowOfSeveralLinesNamesTheFieldsLine() {
        String email = "  - {name: Email,        id: 3, code: NotReady, reasonId: 3, reasonCode: email,      operatorState: Email}\n";
        ValidationReport wrongCode = validate(TestFiles.guideWith(email,
                "  - name: Email\n    id: 3\n    code: Notready\n    reasonId: 3\n    reasonCode: email\n    operatorState: Email\n"));
        assertThat(wrongCode.findings()).extracting(f -> f.where().text()).containsExactly("line 6, externalStates row 3 (Email), code");

        // the reader's own findings too (the row is then not read, and the employee state names a state that is not there)
        ValidationReport wrongNumber = validate(TestFiles.guideWith(email,
                "  - name: Email\n    id: 3\n    code: NotReady\n    reasonId: three\n    reasonCode: email\n    operatorState: Email\n"));
        assertThat(rule(wrongNumber, "field-not-a-number")).extracting(f -> f.where().text())
                .containsExactly("line 7, externalStates row 3 (Email), reasonId");

        // a value that is an alias of one written on another row: at this row's line, not the anchor's (a review)
        ValidationReport aliased = validate(TestFiles.guideWith(email,
                "  - name: Email\n    id: 3\n    code: NotReady\n    reasonId: *negative\n    reasonCode: email\n    operatorState: Email\n")
                .replace("reasonId: 2, reasonCode: dnd", "reasonId: &negative -2, reasonCode: dnd"));
        assertThat(rule(aliased, "field-negative")).extracting(f -> f.where().text())
                .containsExactly("line 3, externalStates row 2 (DND), reasonId", "line 7, externalStates row 3 (Email), reasonId");
    }

    @Test
    void anUnknownCodeGetsTheNearestCodeAsFix() {
        ValidationReport report = validate(TestFiles.guideWith("code: NotReady, reasonId: 3", "code: Notready, reasonId: 3"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("code-unknown");
            // a code AristoTelos does not know: the bridge refuses the file, not just a note
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.where().line()).isEqualTo(4);
            assertThat(f.where().field()).isEqualTo("code");
            assertThat(f.message()).contains("'Notready'");
            assertThat(f.fix()).isEqualTo("set code to NotReady");
        });
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void anEmployeeStateWithoutANameIsAWarningAtItsRow() {
        ValidationReport report = validate(TestFiles.guideWith("  - name: Backoffice\n    abbreviation: BO\n", "  - abbreviation: BO\n"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("employee-state-unnamed");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.where().section()).isEqualTo("employeeStates");
            assertThat(f.where().row()).isEqualTo(1);
            assertThat(f.where().field()).isEqualTo("name");
            assertThat(f.fix()).contains("set name");
        });
        // the bridge does not use the name: nothing to refuse the file for
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void yamlThatDoesNotParseIsOneErrorWithItsLine() {
        ValidationReport report = validate(TestFiles.GUIDE.replace("  - {name: Wrap,", "  - {name: Wrap: x,"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.message()).startsWith("not valid YAML");
            assertThat(f.where().line()).isEqualTo(8);
            assertThat(f.fix()).contains("YAML");
        });
    }

    @Test
    void twoNotReadyRowsWithTheSameReasonIdAreAnError() {
        ValidationReport report = validate(TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonId: 2, reasonCode: lunch"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("reason-id-duplicate");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.where()).isEqualTo(new Where(7, "externalStates", 6, "Oběd", "reasonId"));
            assertThat(f.message()).contains("reasonId 2").contains("'DND' on line 3");
            assertThat(f.fix()).contains("free: 8");
        });
    }

    @Test
    void aReasonCodeWithASpaceAtItsEndIsAWarningSayingItsPauseWouldBeParked() {
        ValidationReport report = validate(TestFiles.guideWith("reasonCode: lunch,", "reasonCode: \"lunch \","));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("reason-code-space");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.where().field()).isEqualTo("reasonCode");
            assertThat(f.message()).contains("'lunch '").contains("matches only a pause named with that space")
                    .contains("events of pause 'lunch' would be parked as unmapped");
            assertThat(f.fix()).startsWith("write it without the space: 'lunch', unless Daktela's pause is named with it");
        });
    }

    /** A no-break space from a web page or a word processor: strip() leaves it, and the row was taken without a word (mappings review). */
    @Test
    void aReasonCodeWithANoBreakSpaceAtAnEndIsAWarningToo() {
        ValidationReport report = validate(TestFiles.guideWith("reasonCode: email,", "reasonCode: \"\u00A0email\","));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("reason-code-space");
            assertThat(f.fix()).startsWith("write it without the space: 'email'");
        });
    }

    /**
     * A pause name the intake refuses (a line break, as a YAML block value '|' ends with; a control character; over 255
     * characters): the row matched no event, and the file was taken with no word or a wrong one (mappings review). A
     * warning: the file stays in force (its events are parked, to replay), as a refusal would stop the next start.
     */
    @Test
    void aReasonCodeNoPauseCanHaveIsAWarning() {
        String block = TestFiles.guideWith("  - {name: Email,        id: 3, code: NotReady, reasonId: 3, reasonCode: email,      operatorState: Email}\n",
                "  - name: Email\n    id: 3\n    code: NotReady\n    reasonId: 3\n    reasonCode: |\n      email\n    operatorState: Email\n");
        assertThat(validate(block).findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("reason-code-impossible");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("holds a control character (U+000A)").contains("the row would match no event");
            assertThat(f.fix()).contains("on one line");
        });
        assertThat(validate(TestFiles.guideWith("reasonCode: email,", "reasonCode: \"em\\u0000ail\",")).findings())
                .singleElement().satisfies(f -> assertThat(f.message()).contains("U+0000"));
        assertThat(validate(TestFiles.guideWith("reasonCode: email,", "reasonCode: " + "e".repeat(256) + ",")).findings())
                .singleElement().satisfies(f -> assertThat(f.message()).contains("is 256 characters long, over the limit of 255"));
        assertThat(validate(TestFiles.guideWith("reasonCode: email,", "reasonCode: " + "e".repeat(255) + ",")).findings())
                .as("255 characters are a pause name").isEmpty();
    }

    @Test
    void aNumberTooLargeIsSaidToBe() {
        assertThat(rule(validate(TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonId: 3000000000, reasonCode: lunch")),
                "field-not-a-number")).singleElement().satisfies(f -> assertThat(f.message())
                        .isEqualTo("reasonId is '3000000000', larger than 2147483647, the largest id the bridge takes"));
        assertThat(rule(validate(TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonId: six, reasonCode: lunch")),
                "field-not-a-number")).singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("reasonId is 'six', not a whole number"));
    }

    /** A list or map where one value belongs was reported as a missing field ("the row has no id"), which it plainly has. */
    @Test
    void aListOrMapWhereOneValueBelongsIsSaidToBeOne() {
        ValidationReport report = validate(TestFiles.guideWith("{name: Email,        id: 3", "{name: Email,        id: [3]")
                .replace("code: NotReady, reasonId: 5,", "code: {NotReady: 1}, reasonId: 5,"));
        // the findings on the rows' fields (the terminating states then name two rows not taken, as with id: abc)
        assertThat(report.findings()).filteredOn(f -> f.rule().startsWith("field-"))
                .extracting(Finding::rule, Finding::message, f -> f.where().field(), f -> f.where().name(), Finding::fix)
                .containsExactlyInAnyOrder(tuple("field-not-one-value", "id is a list, not one value", "id", "Email",
                                "write the one value without brackets or braces, as id: 3"),
                        tuple("field-not-one-value", "code is a map, not one value", "code", "Lajdák",
                                "write the one value without brackets or braces, as code: NotReady"));
    }

    @Test
    void aNotReadyRowWithReasonIdZeroIsAWarning() {
        ValidationReport report = validate(TestFiles.guideWith("reasonId: 7, reasonCode: \"20\"", "reasonId: 0, reasonCode: \"20\""));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("reason-id-zero");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void aNotReadyRowWithAnotherIdThanTheOtherNotReadyRowsIsAnError() {
        ValidationReport report = validate(TestFiles.guideWith("{name: Email,        id: 3", "{name: Email,        id: 4"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("id-per-code");
            assertThat(f.where()).isEqualTo(new Where(4, "externalStates", 3, "Email", "id"));
            assertThat(f.message()).contains("id is 4").contains("id 3");
            assertThat(f.fix()).isEqualTo("set id to 3");
        });
    }

    @Test
    void twoCodesWithTheSameIdAreAnError() {
        ValidationReport report = validate(TestFiles.guideWith("{name: Login,        id: 1", "{name: Login,        id: 2"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("id-shared");
            assertThat(f.where().line()).isEqualTo(11);
            assertThat(f.message()).contains("id 2 is also the id of code Ready");
            assertThat(f.fix()).contains("set id to 1");
        });
    }

    @Test
    void loginLogoutAndReadyRowsHaveReasonIdZeroAndNoReasonCode() {
        ValidationReport report = validate(TestFiles.guideWith("code: Ready,    reasonId: 0, reasonCode: null",
                "code: Ready,    reasonId: 9, reasonCode: ready"));

        assertThat(rule(report, "session-reason")).hasSize(2)
                .extracting(f -> f.where().field(), Finding::fix)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reasonId", "set reasonId to 0"),
                        org.assertj.core.groups.Tuple.tuple("reasonCode", "set reasonCode to null (or leave it out)"));
        assertThat(report.findings()).allMatch(f -> f.where().line() == 9);
        // the row's own value first: "a Ready row has reasonId 0 …, not 9" read as if the row had 0 (a review, 2026-12-06)
        assertThat(rule(report, "session-reason")).extracting(Finding::message).containsExactly(
                "reasonId is 9, but a Ready row must have 0 (the bridge sends 0 for Ready)",
                "reasonCode is 'ready', but a Ready row must have none (the bridge sends null for Ready)");
    }

    @Test
    void aTerminatingStateThatNamesNoExternalStateIsAnErrorWithTheNearMiss() {
        ValidationReport report = validate(TestFiles.guideWith("Lajdák, Oběd, Wrap", "Lajdák, Obed, Wrapp, Pauza"));

        assertThat(rule(report, "terminating-state-unknown")).hasSize(3).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.where()).isEqualTo(new Where(15, "employeeStates", 1, "Backoffice", "terminatingStates"));
        }).extracting(Finding::fix).containsExactly(
                "write 'Oběd' (the external state's exact name)",
                "write 'Wrap' (the external state's exact name)",
                "write the name of an external state ('Backoffice', 'DND', 'Email', 'Krátká pauza', 'Lajdák', 'Oběd', "
                        + "'Wrap', 'Ready', 'Logout', 'Login') or add an external state with that name");
    }

    @Test
    void anEmployeeStateThatLogoutDoesNotEndIsAWarning() {
        ValidationReport report = validate(TestFiles.guideWith("Wrap, Ready, Logout]", "Wrap, Ready]"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("not-ended-by-logout");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            // the line of terminatingStates, not the row's first (13)
            assertThat(f.where().line()).isEqualTo(15);
            assertThat(f.fix()).contains("add 'Logout'");
        });
        assertThat(report.exitCode()).isZero();
        assertThat(report.status()).isEqualTo("ok");
    }

    @Test
    void twoExternalStatesWithTheSameNameAreAWarning() {
        ValidationReport report = validate(TestFiles.guideWith("{name: DND, ", "{name: Email,"));

        assertThat(rule(report, "name-duplicate")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.where()).isEqualTo(new Where(4, "externalStates", 3, "Email", "name"));
            assertThat(f.message()).contains("line 3");
        });
        // the renamed row leaves the employee state's terminating state DND without an external state
        assertThat(rule(report, "terminating-state-unknown")).hasSize(1);
    }

    @Test
    void aSecondExternalStatesBlockIsAnErrorNamingBothLines_ratherThanDroppingTheFirstBlocksRows() {
        ValidationReport report = validate(TestFiles.GUIDE
                + "externalStates:\n  - {name: Pauza, id: 3, code: NotReady, reasonId: 9, reasonCode: pauza}\n");

        assertThat(rule(report, "duplicate-key")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.where()).isEqualTo(new Where(16, "externalStates", null, null, null));
            assertThat(f.message()).isEqualTo("the file has the key externalStates twice, on line 1 and on line 16: only the last would be read");
            assertThat(f.fix()).isEqualTo("put everything under one externalStates key and delete the other");
        });
    }

    @Test
    void aKeyWrittenTwiceInARowIsAnErrorWithBothValues() {
        ValidationReport report = validate(TestFiles.guideWith("reasonCode: lunch,", "reasonCode: lunch, reasonCode: obed,"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("duplicate-key");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.where()).isEqualTo(new Where(7, "externalStates", 6, "Oběd", "reasonCode"));
            assertThat(f.message()).contains("reasonCode twice, on line 7 ('lunch') and on line 7 ('obed')");
            assertThat(f.fix()).isEqualTo("keep one reasonCode in the row, with the value that is meant");
        });
    }

    @Test
    void aSingleTerminatingStateWithoutBracketsIsAStructureError_notAWarningToAddWhatIsThere() {
        ValidationReport report = validate(TestFiles.guideWith("terminatingStates: [Backoffice, DND, Email, Krátká pauza, Lajdák, Oběd, Wrap, Ready, Logout]",
                "terminatingStates: Logout"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("structure");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.where()).isEqualTo(new Where(15, "employeeStates", 1, "Backoffice", "terminatingStates"));
            assertThat(f.message()).isEqualTo("terminatingStates must be a list of external state names, not the single name 'Logout'");
            assertThat(f.fix()).isEqualTo("write it as a list in brackets: terminatingStates: [Logout]");
        });
    }

    @Test
    void aMisspeltKeyInARowIsAnErrorWithTheKnownKey_ratherThanAReasonIdOfZero() {
        ValidationReport report = validate(TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonID: 6, reasonCode: lunch"));

        assertThat(rule(report, "key-unknown")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.where()).isEqualTo(new Where(7, "externalStates", 6, "Oběd", "reasonID"));
            assertThat(f.message()).isEqualTo("the row has the key 'reasonID', which the bridge does not read");
            assertThat(f.fix()).isEqualTo("write reasonId (exactly so spelt)");
        });
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void anUnknownKeyInAnEmployeeStateIsAnErrorListingTheKnownKeys() {
        ValidationReport report = validate(TestFiles.guideWith("    abbreviation: BO\n", "    abbreviation: BO\n    colour: red\n"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("key-unknown");
            assertThat(f.where()).isEqualTo(new Where(15, "employeeStates", 1, "Backoffice", "colour"));
            assertThat(f.fix()).isEqualTo("remove it; a row has the keys name, abbreviation, terminatingStates");
        });
    }

    @Test
    void aMisspeltSectionIsAWarningWithTheKnownSection() {
        ValidationReport report = validate(TestFiles.guideWith("employeeStates:", "employeestates:"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("key-unknown");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.where()).isEqualTo(new Where(12, null, null, null, "employeestates"));
            assertThat(f.message()).isEqualTo("the key 'employeestates' is none the bridge reads, so it is ignored");
            assertThat(f.fix()).isEqualTo("write employeeStates (exactly so spelt)");
        });
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void aMissingFileIsAnError() {
        ValidationReport report = validator.validate(dir.resolve("nope.yaml"));

        assertThat(report.findings()).singleElement().satisfies(f -> assertThat(f.message()).contains("does not exist"));
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void errorsComeBeforeWarningsAndFollowTheFile() {
        String yaml = TestFiles.guideWith("Wrap, Ready, Logout]", "Wrap, Ready]")
                .replace("{name: Wrap,         id: 3", "{name: Wrap,         id: 5")
                .replace("{name: DND,          id: 3", "{name: DND,          id: 4");

        ValidationReport report = validate(yaml);

        assertThat(report.findings()).extracting(Finding::severity, f -> f.where().line()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Severity.ERROR, 3),
                org.assertj.core.groups.Tuple.tuple(Severity.ERROR, 8),
                org.assertj.core.groups.Tuple.tuple(Severity.WARNING, 15));
        assertThat(report.errors()).isEqualTo(2);
        assertThat(report.warnings()).isEqualTo(1);
    }
}
