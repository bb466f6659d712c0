package cz.bridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import cz.bridge.monitoring.MappingsHealth;
import cz.bridge.validate.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live reload when reading fails in a way the reader does not foresee. */
class MappingsFileTest {

    @TempDir
    Path dir;

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
        mappings.reloadIfChanged();

        assertThat(mappings.current()).isSameAs(good);
        assertThat(mappings.refused()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("file-unreadable");
            assertThat(f.message()).contains("IllegalStateException: a reader's bug");
        });
        assertThat(new MappingsHealth(mappings).health().getStatus().getCode()).isEqualTo("DEGRADED");

        failing.set(false);
        TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE + "# edited again\n");
        mappings.reloadIfChanged();

        assertThat(mappings.refused()).isEmpty();
        assertThat(mappings.current()).isNotSameAs(good);
    }
}
