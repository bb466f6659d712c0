package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README stands alone: a user who clones the project has everything it points to. */
class ReadmeTest {

    @Test
    void pointsOnlyToFilesInTheRepository() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).doesNotContain("../");
        Matcher files = Pattern.compile("`((?:examples|routes|bench|docs|src)/[^`*\\s]+)`").matcher(readme);
        int found = 0;
        while (files.find()) {
            found++;
            assertThat(Path.of(files.group(1))).as("README points to %s", files.group(1)).exists();
        }
        assertThat(found).as("paths in the README checked").isGreaterThan(3);
    }
}
