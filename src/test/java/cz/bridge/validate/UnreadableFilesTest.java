package cz.bridge.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import cz.bridge.mapping.Finding;
import cz.bridge.mapping.Mappings;
import cz.bridge.mapping.MappingsFile;
import cz.bridge.mapping.MappingsInvalid;
import cz.bridge.mapping.Where;
import cz.bridge.monitoring.MappingsHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;

/**
 * Files SnakeYAML stops at without a position (not UTF-8, a control character, over its size limit):
 * one finding with its fix, the same for the start, the reload, the command and the endpoint.
 */
class UnreadableFilesTest {

    @TempDir
    Path dir;

    /** The guide's table saved as Windows-1250, as Notepad may save it: Oběd is on line 7. */
    private Path cp1250() throws IOException {
        return Files.write(dir.resolve("mappings.yaml"), TestFiles.GUIDE.getBytes(Charset.forName("windows-1250")));
    }

    /** The guide's table with a comment that takes it over SnakeYAML's 3 MB. */
    private Path tooLarge() {
        return TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE + "# " + "x".repeat(600 * 1024) + "\n");
    }

    @Test
    void aFileNotInUtf8IsOneErrorAtTheLineOfTheFirstForeignByte() throws IOException {
        ValidationReport report = new MappingsValidator().validate(cp1250());

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("file-not-utf8");
            assertThat(f.isError()).isTrue();
            // Krátká pauza, line 5, is the first row with a letter outside ASCII
            assertThat(f.where()).isEqualTo(Where.line(5));
            assertThat(f.message()).contains("not in UTF-8").contains("line 5").contains("Windows-1250");
            assertThat(f.fix()).startsWith("save the file as UTF-8");
        });
        assertThat(report.exitCode()).isEqualTo(1);
    }

    /** Windows PowerShell's '>' and Notepad's "Unicode": blamed on Windows-1250 before (mappings review). */
    @Test
    void aFileInUtf16IsNamedSo() throws IOException {
        Path file = Files.write(dir.resolve("mappings.yaml"), ("\uFEFF" + TestFiles.GUIDE).getBytes(StandardCharsets.UTF_16LE));
        assertThat(new MappingsValidator().validate(file).findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("file-not-utf8");
            assertThat(f.message()).isEqualTo("the file is in UTF-16 (it begins with UTF-16's byte order mark), not UTF-8");
            assertThat(f.fix()).contains("Out-File -Encoding utf8");
        });
        Files.write(file, ("\uFEFF" + TestFiles.GUIDE).getBytes(StandardCharsets.UTF_16BE));
        assertThat(new MappingsValidator().validate(file).findings()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("UTF-16"));
    }

    @Test
    void aFileOverTheSizeLimitIsOneErrorSayingTheLimit() {
        ValidationReport report = new MappingsValidator().validate(tooLarge());

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("file-too-large");
            assertThat(f.message()).startsWith("the file is 601.").contains("kB, larger than the 512 kB (524,288 characters)");
            assertThat(f.fix()).contains("MAPPINGS_FILE");
        });
    }

    @Test
    void aControlCharacterIsAnErrorAtItsLineAndColumn() {
        ValidationReport report = new MappingsValidator().validate(
                TestFiles.write(dir, "mappings.yaml", TestFiles.guideWith("{name: Wrap,", "{name: Wrap\u0007,")));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("yaml-invalid");
            assertThat(f.where()).isEqualTo(Where.line(8));
            assertThat(f.message()).contains("control character U+0007 on line 8, column 16");
            assertThat(f.fix()).startsWith("delete the character");
        });
    }

    @Test
    void aSecondDocumentIsAnErrorAtItsLineThatSaysSo() {
        int lines = (int) TestFiles.GUIDE.lines().count();
        ValidationReport report = new MappingsValidator().validate(
                TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE + "---\nexternalStates: []\n"));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("yaml-invalid");
            assertThat(f.where()).isEqualTo(Where.line(lines + 1));
            assertThat(f.message()).isEqualTo("a second YAML document begins on line " + (lines + 1)
                    + " ('---'); the bridge reads a file of one document");
            assertThat(f.fix()).startsWith("remove that '---' line");
        });
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void theBridgeDoesNotStartWithAFileNotInUtf8_andListsTheFinding() throws IOException {
        Path file = cp1250();

        assertThatThrownBy(() -> new MappingsFile(file)).isInstanceOfSatisfying(MappingsInvalid.class,
                e -> assertThat(e.errors()).extracting(Finding::rule).containsExactly("file-not-utf8"));
    }

    @Test
    void theLiveReloadRefusesAFileNotInUtf8_keepsTheMappings_andShowsItInHealth() throws IOException {
        Path file = TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE);
        MappingsFile mappings = new MappingsFile(file);
        Mappings good = mappings.current();

        cp1250();
        TestFiles.settled(mappings);

        assertThat(mappings.current()).isSameAs(good);
        assertThat(mappings.refused()).extracting(Finding::rule).containsExactly("file-not-utf8");
        Health health = new MappingsHealth(mappings).health();
        assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(health.getDetails().get("problem").toString()).contains("save the file as UTF-8");

        tooLarge();
        TestFiles.settled(mappings);

        assertThat(mappings.current()).isSameAs(good);
        assertThat(mappings.refused()).extracting(Finding::rule).containsExactly("file-too-large");

        TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE);
        TestFiles.settled(mappings);

        assertThat(mappings.refused()).isEmpty();
        assertThat(mappings.current()).isNotSameAs(good);
    }

    @Test
    void theCommandPrintsTheFindingAndExits1() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = ValidateCommand.run(new String[] {"validate", "--mappings", cp1250().toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of());
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(code).isEqualTo(1);
        assertThat(output).contains("line 5").contains("not in UTF-8").doesNotContain("Exception");
    }

    @Test
    void theEndpointAnswersTheFinding() throws IOException {
        Map<String, Object> answer = new ValidateEndpoint(cp1250(), "", "").validate(null).getBody();

        assertThat(answer).containsEntry("status", "errors").containsEntry("errors", 1L);
        assertThat(answer.get("findings").toString()).contains("file-not-utf8");
    }
}
