package cz.bridge.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import cz.bridge.daktela.DaktelaClient;
import cz.bridge.mapping.ExternalState;
import cz.bridge.mapping.Finding;
import cz.bridge.mapping.Severity;
import cz.bridge.mapping.Where;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in mappings.yaml whose finding named the wrong line or a fix that made the file valid but wrong (a read-only
 * review of the mappings, 2026-12-07). The same reader and rules serve the start, the reload, validate and the endpoint.
 */
class MappingsMistakesTest {

    @TempDir
    Path dir;

    private ValidationReport validate(String yaml) {
        return new MappingsValidator().validate(TestFiles.write(dir, "mappings.yaml", yaml));
    }

    /** The Oběd row (line 7) without its closing brace: the error was reported on line 8, the Wrap row, which is right. */
    @Test
    void aRowLeftOpenIsNamedByTheLineItBeginsOn() {
        ValidationReport report = validate(TestFiles.guideWith("operatorState: Oběd}", "operatorState: Oběd"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("yaml-invalid");
            assertThat(f.where()).isEqualTo(Where.line(7));
            assertThat(f.message()).contains("that begins on line 7").contains("on line 8");
            assertThat(f.fix()).startsWith("check the row that begins on line 7: close its braces");
        });
        assertThat(report.exitCode()).isEqualTo(1);
    }

    /**
     * The Wrap row (line 8) indented one space more or less than the others: the parser's context is the list (line 2) or
     * the file's map (line 1), and the finding named that line, told to close braces there, though line 8 is wrong.
     */
    @Test
    void aRowIndentedUnlikeTheOthersIsNamedByItsOwnLine() {
        for (String indent : List.of("   - {name: Wrap,", " - {name: Wrap,")) {
            ValidationReport report = validate(TestFiles.guideWith("  - {name: Wrap,", indent));

            assertThat(report.findings()).as(indent).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo("yaml-invalid");
                assertThat(f.where()).isEqualTo(Where.line(8));
                assertThat(f.fix()).startsWith("correct the YAML at that line: keep the indentation of the other rows");
            });
        }
    }

    /**
     * reasonCode: porada #2 in a row written over several lines: ' #' begins a comment, the pause read was "porada", and
     * the events of "porada #2" were parked with nothing said. Quoted, or without a comment, nothing is said.
     */
    @Test
    void aCommentAfterAReasonCodeIsSaidWithTheQuotedValue() {
        String row = "  - name: Porada\n    id: 3\n    code: NotReady\n    reasonId: 8\n    reasonCode: %s\nemployeeStates:";
        ValidationReport report = validate(TestFiles.guideWith("employeeStates:", row.formatted("porada #2")));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("reason-code-comment");
            assertThat(f.isError()).isFalse();
            assertThat(f.where().line()).isEqualTo(16);
            assertThat(f.where().field()).isEqualTo("reasonCode");
            assertThat(f.message()).isEqualTo("reasonCode is read as 'porada': the '#2' after it is a comment");
            assertThat(f.fix()).isEqualTo("if it is part of the Daktela pause's name, quote the whole value, reasonCode: \"porada #2\"");
        });
        assertThat(report.exitCode()).isZero();
        assertThat(validate(TestFiles.guideWith("employeeStates:", row.formatted("\"porada #2\"  # the weekly one"))).findings()).isEmpty();
        assertThat(validate(TestFiles.guideWith("employeeStates:", row.formatted("porada"))).findings()).isEmpty();
    }

    /** abbreviation:BO (or abbreviation BO) in a row written over several lines: the parser notices on the next line. */
    @Test
    void aBlockRowsFieldWithoutItsColonSpaceIsNamedByItsOwnLine() {
        String guide = TestFiles.GUIDE;
        List<String> lines = guide.lines().toList();
        String fieldLine = lines.stream().filter(l -> l.strip().startsWith("abbreviation: ")).findFirst().orElseThrow();
        int at = 1 + lines.indexOf(fieldLine);
        for (String wrong : List.of(fieldLine.replace("abbreviation: ", "abbreviation:"), fieldLine.replace("abbreviation: ", "abbreviation "))) {
            ValidationReport report = validate(guide.replace(fieldLine, wrong));

            assertThat(report.findings()).as(wrong).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo("yaml-invalid");
                assertThat(f.where()).isEqualTo(Where.line(at));
                assertThat(f.fix()).isEqualTo("write the field on line " + at + " as name: value, with a space after the ':'");
            });
        }
    }

    /** SnakeYAML's text quotes the file: an undefined alias of 200,000 letters made a finding of 200 KB. */
    @Test
    void theParsersWordsAreCut() {
        ValidationReport report = validate(TestFiles.guideWith("  - {name: Login,", "  - {name: *" + "a".repeat(200_000) + ", id: 1}\n  - {name: Login,"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("yaml-invalid");
            assertThat(f.message()).hasSizeLessThan(600).contains("cut");
        });
    }

    /**
     * A row added at the end of the file lands under employeeStates: each of its fields was an unknown key "to remove",
     * which left an employee state of that name and the pause unmapped.
     */
    @Test
    void anExternalStatesRowUnderEmployeeStatesIsToldToMove() {
        ValidationReport report = validate(TestFiles.GUIDE
                + "  - {name: Porada, id: 3, code: NotReady, reasonId: 8, reasonCode: meeting, operatorState: null}\n");

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("row-in-wrong-section");
            assertThat(f.isError()).isTrue();
            assertThat(f.where()).isEqualTo(new Where(16, "employeeStates", 2, "Porada", null));
            assertThat(f.message()).isEqualTo("the row has the fields of an external state (id, code, reasonId, reasonCode, "
                    + "operatorState), but it is under employeeStates");
            assertThat(f.fix()).startsWith("move the row under externalStates");
        });
    }

    @Test
    void anEmployeeStatesRowUnderExternalStatesIsToldToMove() {
        ValidationReport report = validate(TestFiles.guideWith("externalStates:\n",
                "externalStates:\n  - {name: Pauza, abbreviation: P, terminatingStates: [Logout]}\n"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("row-in-wrong-section");
            assertThat(f.where()).isEqualTo(new Where(2, "externalStates", 1, "Pauza", null));
            assertThat(f.fix()).startsWith("move the row under employeeStates");
        });
    }

    /**
     * {operatorState:Oběd}: without a space after the ':' the field and its value are one key. The fix said to quote
     * "lunch, operatorState:Oběd" as the reason code, which left a valid file and the lunch pause unmapped.
     */
    @Test
    void aFieldWithoutASpaceAfterItsColonIsToldToHaveOne() {
        ValidationReport report = validate(TestFiles.guideWith("operatorState: Oběd}", "operatorState:Oběd}"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("key-unknown");
            assertThat(f.isError()).isTrue();
            assertThat(f.where().field()).isEqualTo("operatorState:Oběd");
            assertThat(f.fix()).isEqualTo("put a space after the ':', operatorState: Oběd (without it the field and its value "
                    + "are read as one key)");
        });
        ValidationReport misspelt = validate(TestFiles.guideWith("reasonId: 6,", "reasonid:6,"));
        assertThat(misspelt.findings()).filteredOn(f -> f.rule().equals("key-unknown")).singleElement()
                .satisfies(f -> assertThat(f.fix()).startsWith("put a space after the ':', reasonId: 6"));
    }

    /** "Pauza, oběd" unquoted: removing "oběd", as the fix said, left a valid row for a pause "Pauza". */
    @Test
    void aCommaInAValueOfARowInBracesIsToldToBeQuoted() {
        ValidationReport report = validate(TestFiles.guideWith("reasonCode: lunch,", "reasonCode: Pauza, oběd,"));

        assertThat(report.findings()).filteredOn(f -> f.rule().equals("key-unknown")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.where().field()).isEqualTo("oběd");
            assertThat(f.fix()).isEqualTo("a comma ends a value in a row written in braces: quote the whole value, "
                    + "reasonCode: \"Pauza, oběd\"");
        });
        // a key written with its colon is a key, not the rest of a value
        ValidationReport colour = validate(TestFiles.guideWith("operatorState: Oběd}", "operatorState: Oběd, colour: }"));
        assertThat(colour.findings()).singleElement().satisfies(f -> assertThat(f.fix()).startsWith("remove it;"));
    }

    /** Its rows were not read, with a warning only, and their pauses' events were parked as unmapped. */
    @Test
    void aMisspeltSecondExternalStatesKeyIsAnError() {
        ValidationReport report = validate(TestFiles.GUIDE
                + "externalState:\n  - {name: Porada, id: 3, code: NotReady, reasonId: 8, reasonCode: meeting, operatorState: Porada}\n");

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("key-unknown");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).isEqualTo("the key 'externalState' is none the bridge reads: the rows under it would not be read");
            assertThat(f.fix()).isEqualTo("move its rows under externalStates and delete this key");
        });
        assertThat(report.exitCode()).isEqualTo(1);
    }

    /**
     * A row that does not read is reported once: the rules also said "no row with code Logout: add the Logout row" and
     * "terminatingStates names 'Logout', which is no external state", fixes that would add it a second time.
     */
    @Test
    void aRowThatDoesNotReadIsNotAlsoReportedMissing() {
        ValidationReport report = validate(TestFiles.guideWith("{name: Logout,       id: 0", "{name: Logout,       id: O"));

        assertThat(report.findings()).extracting(Finding::rule).containsExactly("field-not-a-number");
    }

    /** A NotReady row without reasonId reads as 0, and the warning spoke of a 0 the row does not show. */
    @Test
    void aNotReadyRowWithoutReasonIdIsSaidToHaveNone() {
        ValidationReport report = validate(TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonCode: lunch"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("reason-id-zero");
            assertThat(f.message()).startsWith("the row has no reasonId, read as 0: reasonId 0 is the reason id an unmapped pause");
        });
        assertThat(validate(TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonId: 0, reasonCode: lunch")).findings())
                .singleElement().satisfies(f -> assertThat(f.message()).startsWith("reasonId 0 is the reason id"));
    }

    /** Read as no name, a map in the list was reported as "an empty entry". */
    @Test
    void aMapAmongTheTerminatingStatesIsNamedSo() {
        ValidationReport report = validate(TestFiles.guideWith("Wrap, Ready, Logout]", "Wrap, Ready, {name: Logout}]"));

        assertThat(report.findings()).filteredOn(Finding::isError).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("structure");
            assertThat(f.where().field()).isEqualTo("terminatingStates");
            assertThat(f.message()).isEqualTo("terminatingStates holds a map on line 15 where an external state's name belongs");
            assertThat(f.fix()).startsWith("write the names alone");
        });
    }

    @Test
    void anExternalStatesNameIsBounded() {
        // Wrap's new name is also no longer among Backoffice's terminating states: a finding of its own
        ValidationReport report = validate(TestFiles.guideWith("{name: Wrap,", "{name: " + "W".repeat(256) + ","));

        assertThat(report.findings()).filteredOn(f -> f.rule().equals("name-too-long")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.message()).startsWith("the name is 256 characters long, more than the 255");
        });
        assertThat(validate(TestFiles.guideWith("{name: Wrap,", "{name: " + "W".repeat(255) + ",")).findings())
                .extracting(Finding::rule).doesNotContain("name-too-long");
    }

    /** validate --daktela on a file that cannot be parsed exited 2, "usage or connection problem", blaming Daktela. */
    @Test
    void aFileThatCannotBeParsedIsErrorsAlsoWhenDaktelaWasAskedFor() {
        ValidationReport report = new MappingsValidator().validate(TestFiles.write(dir, "mappings.yaml", "externalStates:\n  - {name: A, id: 3\n"),
                new DaktelaClient("http://127.0.0.1:9", "token"));

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.status()).isEqualTo("errors");
        assertThat(report.summary()).startsWith("1 error, no warnings: fix the errors in mappings.yaml");
        assertThat(report.daktela().problem()).contains("fix the file first");
    }

    /**
     * Each row without a pause was compared with every pause without a row for a suggestion: 2,000 of each took 16 s
     * (the endpoint's comparison too). As the rules' suggestions, only the first 50 rows get one; the near misses and
     * titles are looked up by their loose form.
     */
    @Test
    void onlyTheFirstRowsWithoutAPauseGetASuggestion() {
        List<ExternalState> rows = new ArrayList<>();
        List<DaktelaPause> pauses = new ArrayList<>();
        for (int i = 1; i <= 55; i++) {
            rows.add(new ExternalState("Row " + i, 3, "NotReady", i, String.format("pause-%02d", i), null, i, i));
            pauses.add(new DaktelaPause(String.format("pause-%02dx", i), null));
        }
        rows.add(new ExternalState("Near", 3, "NotReady", 56, "Pauza Obed", null, 56, 56));
        pauses.add(new DaktelaPause("pauza oběd", null));
        rows.add(new ExternalState("Titled", 3, "NotReady", 57, "Lunch Break", null, 57, 57));
        pauses.add(new DaktelaPause("lunch", "lunch break"));

        List<Finding> findings = new MappingsValidator().compare(rows, pauses);

        assertThat(findings).filteredOn(f -> f.rule().equals("pause-near-miss")).extracting(Finding::fix)
                .containsExactly("set reasonCode to 'pauza oběd'");
        assertThat(findings).filteredOn(f -> f.rule().equals("pause-title-used")).extracting(Finding::fix)
                .containsExactly("set reasonCode to 'lunch'");
        List<Finding> withoutPause = findings.stream().filter(f -> f.rule().equals("row-without-pause")).toList();
        assertThat(withoutPause).hasSize(55);
        assertThat(withoutPause.subList(0, 50)).allSatisfy(f -> assertThat(f.fix()).startsWith("set reasonCode to 'pause-"));
        assertThat(withoutPause.subList(50, 55)).allSatisfy(f -> assertThat(f.fix()).startsWith("create the pause"));
        assertThat(findings).filteredOn(f -> f.rule().equals("pause-without-row")).hasSize(55);
    }
}
