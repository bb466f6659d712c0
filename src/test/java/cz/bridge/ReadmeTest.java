package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README and the files under docs/ stand alone: a user who clones the project has everything
 * they point to, and the README stays short enough to finish.
 */
class ReadmeTest {

    private static final Pattern PATH = Pattern.compile("`((?:examples|routes|bench|docs|src)/[^`*\\s]+)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void readmeIsAtMost250Lines() throws Exception {
        assertThat(Files.readAllLines(Path.of("README.md"))).as("lines of README.md").hasSizeLessThanOrEqualTo(250);
    }

    @Test
    void pointsOnlyToFilesInTheRepository() throws Exception {
        assertThat(pathsExist(Path.of("README.md"))).as("paths in the README checked").isGreaterThan(3);
    }

    @Test
    void docsPointOnlyToFilesInTheRepository() throws Exception {
        List<Path> docs = docs();
        assertThat(docs).as("files in docs/").isNotEmpty();
        for (Path doc : docs) {
            pathsExist(doc);
        }
    }

    /**
     * The code, its tests, the route files and the scripts name no document a user does not have: "the contract" was
     * said in code comments where docs/reconciliation.md has the rule.
     */
    @Test
    void codeAndRouteFilesPointToNothingOutsideTheRepository() throws Exception {
        List<Path> files;
        try (Stream<Path> tree = Stream.of("src", "routes", "bench", "examples", ".ci").map(Path::of).filter(Files::isDirectory)
                .flatMap(ReadmeTest::walk)) {
            files = tree.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(java|yaml|yml|sh|properties|html|js|lua|json|md)|.*/run"))
                    // bench/.peers: Node-RED as the side-by-side benchmark installs it (not in git)
                    .filter(f -> !f.endsWith("ReadmeTest.java") && !f.startsWith(Path.of("bench", ".peers"))).toList();
        }
        assertThat(files).as("files read").hasSizeGreaterThan(100);
        for (Path file : files) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain("../shared").doesNotContain("CONTRACT")
                    .doesNotContainIgnoringCase("the contract").doesNotContain("setup-guide-cs");
        }
    }

    private static Stream<Path> walk(Path folder) {
        try {
            return Files.walk(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void linksLeadToFilesAndHeadingsInTheRepository() throws Exception {
        List<Path> files = new ArrayList<>(docs());
        files.add(Path.of("README.md"));
        int found = 0;
        for (Path file : files) {
            Matcher links = LINK.matcher(Files.readString(file));
            while (links.find()) {
                found++;
                String link = links.group(1);
                assertThat(link).as("%s links to %s", file, link).doesNotContain("://").doesNotStartWith("/");
                int hash = link.indexOf('#');
                String target = hash < 0 ? link : link.substring(0, hash);
                Path targetFile = target.isEmpty() ? file : file.resolveSibling(target).normalize();
                assertThat(targetFile).as("%s links to %s", file, link).exists();
                if (hash >= 0) {
                    assertThat(anchors(targetFile)).as("%s links to %s", file, link).contains(link.substring(hash + 1));
                }
            }
        }
        assertThat(found).as("links checked").isGreaterThan(3);
    }

    /** Checks that the file never points outside the repository and that every path it names exists. */
    private static int pathsExist(Path file) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as(file.toString()).doesNotContain("../").doesNotContain("CONTRACT").doesNotContainIgnoringCase("the contract")
                .doesNotContain("shared/");
        Matcher paths = PATH.matcher(text);
        int found = 0;
        while (paths.find()) {
            found++;
            assertThat(Path.of(paths.group(1))).as("%s points to %s", file, paths.group(1)).exists();
        }
        return found;
    }

    private static List<Path> docs() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            return files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
        }
    }

    /** The anchors GitHub gives the file's headings (outside code blocks). */
    private static List<String> anchors(Path file) throws IOException {
        List<String> anchors = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("```")) {
                code = !code;
            } else if (!code && line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
