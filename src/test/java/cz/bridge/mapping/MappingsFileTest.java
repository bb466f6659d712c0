package cz.bridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicBoolean;

import cz.bridge.monitoring.MappingsHealth;
import cz.bridge.validate.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live reload when reading fails in a way the reader does not foresee. */
class MappingsFileTest {

    @TempDir
    Path dir;

    /** cp -p, rsync -t, tar x or a touch -r keep the time; a one-letter edit keeps the size. */
    @Test
    void anEditThatKeepsTheFilesTimeAndSizeIsReadAgain() throws Exception {
        Path file = TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE);
        MappingsFile mappings = new MappingsFile(file);
        FileTime before = Files.getLastModifiedTime(file);
        assertThat(mappings.current().externalStates()).anyMatch(s -> "lunch".equals(s.reasonCode()));

        TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE.replace("reasonCode: lunch,", "reasonCode: lunck,"));
        Files.setLastModifiedTime(file, before);
        TestFiles.settled(mappings);

        assertThat(mappings.current().externalStates()).anyMatch(s -> "lunck".equals(s.reasonCode()))
                .noneMatch(s -> "lunch".equals(s.reasonCode()));
    }

    /**
     * An editor that saves in place writes the file in parts, and a part cut at a line boundary can read as a
     * whole file (here the table without its employee states): a change is read once it has stayed as it is
     * for one check (half a second, routes/mappings.camel.yaml).
     */
    @Test
    void aChangedFileIsReadOnceItHasStayedAsItIsForOneCheck() {
        Path file = TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE);
        MappingsFile mappings = new MappingsFile(file);
        Mappings good = mappings.current();
        String edited = TestFiles.GUIDE.replace("reasonCode: lunch,", "reasonCode: lunck,");

        TestFiles.write(dir, "mappings.yaml", edited.substring(0, edited.indexOf("employeeStates:")));
        mappings.reloadIfChanged();
        assertThat(mappings.current()).as("the file's first part, just written").isSameAs(good);
        assertThat(mappings.refused()).isEmpty();

        TestFiles.write(dir, "mappings.yaml", edited);
        mappings.reloadIfChanged();
        assertThat(mappings.current()).as("the whole file, just written").isSameAs(good);

        mappings.reloadIfChanged();
        assertThat(mappings.current().employeeStates()).hasSize(1);
        assertThat(mappings.current().externalStates()).anyMatch(s -> "lunck".equals(s.reasonCode()));
    }

    /** rm then cp, and some editors and checkouts: the file is missing for a moment (mappings review). */
    @Test
    void aFileMissingForOneCheckIsNoRefusal() throws Exception {
        Path file = TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE);
        MappingsFile mappings = new MappingsFile(file);
        Mappings good = mappings.current();
        Files.delete(file);
        mappings.reloadIfChanged();
        assertThat(mappings.refused()).as("missing at one check").isEmpty();
        TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE.replace("reasonCode: lunch,", "reasonCode: lunck,"));
        mappings.reloadIfChanged();
        assertThat(mappings.current()).as("written anew, not read at once").isSameAs(good);
        mappings.reloadIfChanged();
        assertThat(mappings.refused()).isEmpty();
        assertThat(mappings.current().externalStates()).anyMatch(s -> "lunck".equals(s.reasonCode()));

        Files.delete(file);
        mappings.reloadIfChanged();
        assertThat(mappings.refused()).isEmpty();
        mappings.reloadIfChanged();
        assertThat(mappings.refused()).as("missing at two checks in a row").isNotEmpty();
        assertThat(mappings.current().externalStates()).as("the last good mappings stay").anyMatch(s -> "lunck".equals(s.reasonCode()));
    }

    @Test
    void anUnexpectedExceptionWhileReadingIsARefusalShownInHealth_andTheFileIsReadAgainOnceFixed() {
        Path file = TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE);
        AtomicBoolean failing = new AtomicBoolean();
        MappingsFile mappings = new MappingsFile(file, new MappingsReader() {
            @Override
            public Contents read(Path path) {
                if (failing.get()) {
                    throw new IllegalStateException("a reader's bug");
                }
                return super.read(path);
            }
        });
        Mappings good = mappings.current();

        failing.set(true);
        TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE + "# edited\n");
        TestFiles.settled(mappings);

        assertThat(mappings.current()).isSameAs(good);
        assertThat(mappings.refused()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("file-unreadable");
            assertThat(f.message()).contains("IllegalStateException: a reader's bug");
        });
        assertThat(new MappingsHealth(mappings).health().getStatus().getCode()).isEqualTo("DEGRADED");

        failing.set(false);
        TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE + "# edited again\n");
        TestFiles.settled(mappings);

        assertThat(mappings.refused()).isEmpty();
        assertThat(mappings.current()).isNotSameAs(good);
    }
}
