package cz.bridge.validate;

import cz.bridge.simulator.DaktelaSimulator;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate [--mappings PATH] [--daktela] [--json]}: exit codes, the table, the JSON. */
class ValidateCommandTest {

    private static final String TOKEN = "cmd-token";

    @TempDir
    Path dir;

    private DaktelaSimulator daktela;
    private final Map<String, String> env = new HashMap<>();
    private String output;

    @BeforeEach
    void start() throws IOException {
        daktela = new DaktelaSimulator(TOKEN);
    }

    @AfterEach
    void stop() {
        daktela.close();
    }

    private int run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = ValidateCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8), env);
        output = bytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    private JsonNode json() throws IOException {
        return new ObjectMapper().readTree(output);
    }

    private String file(String yaml) {
        return TestFiles.write(dir, "mappings.yaml", yaml).toString();
    }

    private void daktelaEnv() {
        env.put("DAKTELA_URL", daktela.url());
        env.put("DAKTELA_ACCESS_TOKEN", TOKEN);
    }

    @Test
    void theProjectsDefaultMappingsFileValidatesWithExitCode0() {
        assertThat(run("validate", "--mappings", "mappings.yaml")).isZero();

        assertThat(output).contains("Validated " + Path.of("mappings.yaml").toAbsolutePath().normalize())
                .contains("Result: no errors, no warnings: mappings.yaml is valid");
    }

    /** The file the bridge would load: bridge.mappings-file's own variable wins over MAPPINGS_FILE, as in the bridge. */
    @Test
    void thePathComesFromTheBridgesOwnVariableFirst() {
        env.put("MAPPINGS_FILE", "mappings.yaml");
        env.put("BRIDGE_MAPPINGS_FILE", file(TestFiles.guideWith("{name: Email,        id: 3", "{name: Email,        id: 4")));

        assertThat(run("validate")).isEqualTo(1);
        assertThat(output).contains(dir.resolve("mappings.yaml").toString());
    }

    /** Spring's canonical form of the property's variable drops the dash: the bridge loads that file, so validate checks it. */
    @Test
    void thePathComesFromTheCanonicalFormOfTheBridgesVariableToo() {
        env.put("MAPPINGS_FILE", "mappings.yaml");
        env.put("BRIDGE_MAPPINGSFILE", file(TestFiles.guideWith("{name: Email,        id: 3", "{name: Email,        id: 4")));

        assertThat(run("validate")).isEqualTo(1);
        env.put("BRIDGE_MAPPINGSFILE", dir.resolve("gone.yaml").toString());
        assertThat(run("validate")).isEqualTo(2);
        assertThat(output).contains(dir.resolve("gone.yaml") + " (BRIDGE_MAPPINGSFILE) does not exist: correct BRIDGE_MAPPINGSFILE");
    }

    /**
     * Set but empty, as the bridge's start says ("MAPPINGS_FILE is set but empty"): validate checked ./mappings.yaml and
     * exited 0, or took MAPPINGS_FILE where the bridge took the empty BRIDGE_MAPPINGSFILE (a review, 2026-12-06).
     */
    @Test
    void aVariableSetButEmptyIsAProblemAsAtTheBridgesStart() {
        env.put("MAPPINGS_FILE", " ");
        assertThat(run("validate")).isEqualTo(2);
        assertThat(output).contains("MAPPINGS_FILE is set but empty");
        env.put("MAPPINGS_FILE", "mappings.yaml");
        env.put("BRIDGE_MAPPINGSFILE", "");
        assertThat(run("validate")).isEqualTo(2);
        assertThat(output).contains("BRIDGE_MAPPINGSFILE is set but empty");
    }

    @Test
    void thePathComesFromMappingsFileWhenNotGiven() {
        env.put("MAPPINGS_FILE", file(TestFiles.guideWith("{name: Email,        id: 3", "{name: Email,        id: 4")));

        assertThat(run("validate")).isEqualTo(1);
        assertThat(output).contains(dir.resolve("mappings.yaml").toString());
    }

    @Test
    void warningsAloneExit0() {
        env.put("COLUMNS", "400");
        assertThat(run("--mappings=" + file(TestFiles.guideWith("Wrap, Ready, Logout]", "Wrap, Ready]")))).isZero();

        assertThat(output).contains("WARNING").contains("cannot be ended by Logout")
                .contains("Result: no errors, 1 warning");
    }

    @Test
    void errorsExit1WithAnAlignedTable() {
        String yaml = TestFiles.guideWith("{name: Email,        id: 3", "{name: Email,        id: 4")
                .replace("Lajdák, Oběd, Wrap", "Lajdák, Obed, Wrap");

        assertThat(run("validate", "--mappings", file(yaml))).isEqualTo(1);

        String[] lines = output.split("\n");
        int header = IntStream.range(0, lines.length).filter(i -> lines[i].startsWith("SEVERITY")).findFirst().orElseThrow();
        int whereColumn = lines[header].indexOf("WHERE");
        int findingColumn = lines[header].indexOf("FINDING");
        int fixColumn = lines[header].indexOf("FIX");
        assertThat(lines[header + 1]).startsWith("--------  ---");
        assertThat(lines[header + 2]).startsWith("ERROR").contains("line 4, externalStates row 3");
        assertThat(lines[header + 2].substring(whereColumn)).startsWith("line 4");
        assertThat(lines[header + 2].substring(findingColumn)).startsWith("id is 4");
        assertThat(lines[header + 2].substring(fixColumn)).startsWith("set id to 3");
        assertThat(output).contains("write 'Oběd' (the external state's")
                .contains("Result: 2 errors, no warnings: fix the errors in mappings.yaml, then validate again");
        for (int i = header; i < lines.length && !lines[i].isBlank(); i++) {
            assertThat(lines[i].length()).as(lines[i]).isLessThanOrEqualTo(FindingsTable.DEFAULT_WIDTH);
        }
    }

    @Test
    void jsonOutputParses() throws IOException {
        String yaml = TestFiles.guideWith("reasonId: 6, reasonCode: lunch", "reasonId: 2, reasonCode: lunch");

        assertThat(run("validate", "--json", "--mappings", file(yaml))).isEqualTo(1);

        JsonNode json = json();
        assertThat(json.get("status").asText()).isEqualTo("errors");
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("errors").asInt()).isEqualTo(1);
        assertThat(json.get("warnings").asInt()).isZero();
        JsonNode finding = json.get("findings").get(0);
        assertThat(finding.get("severity").asText()).isEqualTo("ERROR");
        assertThat(finding.get("rule").asText()).isEqualTo("reason-id-duplicate");
        assertThat(finding.get("line").asInt()).isEqualTo(7);
        assertThat(finding.get("row").asInt()).isEqualTo(6);
        assertThat(finding.get("name").asText()).isEqualTo("Oběd");
        assertThat(finding.get("field").asText()).isEqualTo("reasonId");
        assertThat(finding.get("where").asText()).isEqualTo("line 7, externalStates row 6 (Oběd), reasonId");
        assertThat(finding.get("fix").asText()).contains("free: 8");
        assertThat(json.has("daktela")).isFalse();
    }

    @Test
    void jsonOfAValidFileHasNoFindings() throws IOException {
        assertThat(run("validate", "--mappings", "mappings.yaml", "--json")).isZero();

        assertThat(json().get("status").asText()).isEqualTo("ok");
        assertThat(json().get("findings")).isEmpty();
    }

    @Test
    void usageProblemsExit2() {
        assertThat(run("validate", "--frobnicate")).isEqualTo(2);
        assertThat(output).contains("unknown argument '--frobnicate'").contains("Usage:");

        assertThat(run("validate", "--mappings")).isEqualTo(2);
        assertThat(output).contains("--mappings needs the path");

        assertThat(run("validate", "--mappings", dir.resolve("missing.yaml").toString())).isEqualTo(2);
        assertThat(output).contains("does not exist: pass --mappings PATH or set MAPPINGS_FILE");
        assertThat(run("validate", "--mappings", dir.toString())).isEqualTo(2);
        assertThat(output).contains(dir + " is a folder, not a file: pass --mappings PATH or set MAPPINGS_FILE");

        // a wrong variable is named, the one the bridge would read too
        env.put("MAPPINGS_FILE", "mappings.yaml");
        env.put("BRIDGE_MAPPINGS_FILE", dir.resolve("gone.yaml").toString());
        assertThat(run("validate")).isEqualTo(2);
        assertThat(output).contains(dir.resolve("gone.yaml") + " (BRIDGE_MAPPINGS_FILE) does not exist: correct BRIDGE_MAPPINGS_FILE");
    }

    @Test
    void helpExits0() {
        assertThat(run("validate", "--help")).isZero();
        assertThat(output).startsWith("Usage:");
    }

    @Test
    void daktelaWithoutItsSettingsExits2NamingWhatToSet() throws IOException {
        assertThat(run("validate", "--mappings", "mappings.yaml", "--daktela")).isEqualTo(2);
        assertThat(output).contains("set them").contains("DAKTELA_URL").contains("DAKTELA_ACCESS_TOKEN");

        env.put("DAKTELA_URL", daktela.url());
        assertThat(run("validate", "--mappings", "mappings.yaml", "--daktela", "--json")).isEqualTo(2);
        JsonNode json = json();
        assertThat(json.get("status").asText()).isEqualTo("problem");
        assertThat(json.get("problem").asText()).contains("DAKTELA_ACCESS_TOKEN").doesNotContain("DAKTELA_URL");
        assertThat(daktela.requests()).isEmpty();
    }

    @Test
    void anUnreachableDaktelaExits2AndStillShowsTheFilesFindings() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        env.put("DAKTELA_URL", "http://127.0.0.1:" + closedPort);
        env.put("DAKTELA_ACCESS_TOKEN", TOKEN);
        env.put("COLUMNS", "400");

        assertThat(run("validate", "--daktela", "--mappings", file(TestFiles.guideWith("Wrap, Ready, Logout]", "Wrap, Ready]"))))
                .isEqualTo(2);

        assertThat(output).contains("cannot be ended by Logout")
                .contains("Daktela could not be checked: cannot connect to Daktela at http://127.0.0.1:" + closedPort)
                .contains("check DAKTELA_URL");
    }

    @Test
    void aWrongTokenExits2() throws IOException {
        daktela.pauses("lunch");
        env.put("DAKTELA_URL", daktela.url());
        env.put("DAKTELA_ACCESS_TOKEN", "not-the-token");

        assertThat(run("validate", "--daktela", "--json", "--mappings", "mappings.yaml")).isEqualTo(2);

        JsonNode json = json();
        assertThat(json.get("status").asText()).isEqualTo("incomplete");
        assertThat(json.get("daktela").get("checked").asBoolean()).isFalse();
        assertThat(json.get("daktela").get("problem").asText()).contains("Invalid access token").contains("DAKTELA_ACCESS_TOKEN");
        assertThat(output).doesNotContain("not-the-token");
    }

    @Test
    void daktelaWithMorePausesThanOnePageMatchingEveryRowExits0() throws IOException {
        StringBuilder yaml = new StringBuilder("externalStates:\n");
        String[] names = new String[120];
        for (int i = 1; i <= 120; i++) {
            names[i - 1] = String.format("p%03d", i);
            yaml.append("  - {name: Pause ").append(i).append(", id: 3, code: NotReady, reasonId: ").append(i)
                    .append(", reasonCode: ").append(names[i - 1]).append("}\n");
        }
        yaml.append("""
                  - {name: Ready,  id: 2, code: Ready,  reasonId: 0}
                  - {name: Logout, id: 0, code: Logout, reasonId: 0}
                  - {name: Login,  id: 1, code: Login,  reasonId: 0}
                """);
        daktela.pauses(names);
        daktelaEnv();

        assertThat(run("validate", "--daktela", "--json", "--mappings", file(yaml.toString()))).isZero();

        assertThat(daktela.requests()).extracting(DaktelaSimulator.Request::skip, DaktelaSimulator.Request::take)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 100), org.assertj.core.groups.Tuple.tuple(100, 100));
        JsonNode json = json();
        assertThat(json.get("status").asText()).isEqualTo("ok");
        assertThat(json.get("daktela").get("pauses").asInt()).isEqualTo(120);
        assertThat(json.get("daktela").get("checked").asBoolean()).isTrue();
    }

    @Test
    void daktelaMismatchesExit1() throws IOException {
        daktela.pauses("backoffice", "dnd", "email", "11", "Lunch", "20", "training");
        daktelaEnv();

        assertThat(run("validate", "--daktela", "--mappings", "mappings.yaml")).isEqualTo(1);
        assertThat(output).contains("against Daktela at " + daktela.url() + " (7 pauses)")
                .contains("set reasonCode to 'Lunch'")
                .contains("Daktela pause 'training'")
                .contains("Result: 3 errors, no warnings");

        assertThat(run("validate", "--daktela", "--mappings", "mappings.yaml", "--json")).isEqualTo(1);
        assertThat(json().get("findings")).extracting(f -> f.get("rule").asText())
                .containsExactly("row-without-pause", "pause-near-miss", "pause-without-row");
    }
}
