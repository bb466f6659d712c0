package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import cz.bridge.storage.UnwritableFile;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When run.sh, the README's first command, builds before it runs the jar, and what it runs: the script and its Java
 * finder in a folder of their own, with a Maven and Javas that only write down how they were called. (The real jar
 * through the real script: RunScriptIT.)
 */
class RunScriptTest {

    private static final Instant BUILT = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path project;

    private Path calls;
    private Path java25;

    @BeforeEach
    void copyTheScriptBesideFakes() throws IOException {
        Files.createDirectories(project.resolve("src/build"));
        Files.copy(Path.of("run.sh"), project.resolve("run.sh"));
        Files.copy(Path.of("src/build/find-java.sh"), project.resolve("src/build/find-java.sh"));
        for (String file : List.of("pom.xml", "jvm.options", "src/main/java/App.java", "src/test/java/AppTest.java")) {
            Files.createDirectories(project.resolve(file).getParent());
            Files.writeString(project.resolve(file), "");
        }
        // folders too: one with a file added or removed is newer
        try (var paths = Files.walk(project)) {
            for (Path path : paths.toList()) {
                Files.setLastModifiedTime(path, FileTime.from(BUILT.minusSeconds(60)));
            }
        }
        calls = project.resolve("calls");
        Files.writeString(calls, "");
        // 'mvn package': the jar, and the cache after it
        executable(project.resolve("bin/mvn"), "echo \"mvn $*\" >> " + calls + "\nmkdir -p target\n"
                + "touch -d @" + (BUILT.getEpochSecond() - 5) + " target/bridge.jar\ntouch target/bridge.aot\n");
        java25 = fakeJava("jdk-25", "25.0.3");
    }

    /** A JDK's home with a release file and a bin/java that writes down its arguments. */
    private Path fakeJava(String home, String version) throws IOException {
        Files.createDirectories(project.resolve(home));
        Files.writeString(project.resolve(home).resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"" + version
                + "+7-test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = project.resolve(home).resolve("bin/java");
        executable(java, "echo \"" + home + " $*\" >> " + calls + "\n");
        return java;
    }

    private static void executable(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Sets the file's time to BUILT plus the seconds given. */
    private void age(String file, int seconds) throws IOException {
        Files.setLastModifiedTime(project.resolve(file), FileTime.from(BUILT.plusSeconds(seconds)));
    }

    /**
     * A jar and its cache as 'mvn package' through run.sh leaves them, the cache made by this Java (as AotTraining names
     * it), no failed cache noted.
     */
    private void built(Path java) throws IOException {
        Files.createDirectories(project.resolve("target"));
        Files.deleteIfExists(project.resolve("target/bridge.aot.failed"));
        Files.writeString(project.resolve("target/bridge.jar"), "");
        Files.writeString(project.resolve("target/bridge.aot"), "");
        Path home = java.getParent().getParent().toRealPath();
        Path release = home.resolve("release");
        String version = Files.exists(release) ? Files.readString(release).replaceAll("(?s).*JAVA_RUNTIME_VERSION=\"([^\"]*)\".*", "$1") : "-";
        Files.writeString(project.resolve("target/bridge.aot.jvm"), home + " " + version + "\n");
        age("target/bridge.jar", 0);
        age("target/bridge.aot", 20);
        age("target/bridge.aot.jvm", 20);
    }

    private void built() throws IOException {
        built(java25);
    }

    private String build() {
        return "mvn -B -q -Dmaven.test.skip=true -Daot.java=" + java25 + " package";
    }

    record Run(int exit, String output, List<String> calls) {
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        return runIn(Path.of("/"), env, args);
    }

    private Run runIn(Path folder, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", project.resolve("run.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("PATH", project.resolve("bin") + ":/usr/bin:/bin");
        builder.environment().put("JAVA", java25.toString());
        builder.environment().putAll(env);
        builder.environment().values().removeIf(String::isEmpty);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("run.sh ended").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.exitValue(), output, Files.readAllLines(calls));
    }

    @Test
    void aFreshCloneIsBuiltFirstThenTheJarRunsWithTheShippedSettingsAndTheArguments() throws Exception {
        Run run = run(Map.of(), "--server.port=8081");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("run.sh: building target/bridge.jar and its AOT cache");
        assertThat(run.calls()).containsExactly(build(), "jdk-25 @jvm.options -jar target/bridge.jar --server.port=8081");
    }

    /**
     * run.sh goes to its own folder before it starts the bridge: BRIDGE_DATA_DIR=prod-data, given where the operator
     * stood, put the journal inside the checkout (a review of the configuration). Unset, they stay the folder's own.
     */
    @Test
    void pathsGivenRelativeToWhereRunShWasStartedAreTakenFromThere() throws Exception {
        built();
        executable(java25, "echo \"jdk-25 data=${BRIDGE_DATA_DIR:-} mappings=${MAPPINGS_FILE:-} routes=${BRIDGE_ROUTES_DIR:-}\" >> " + calls + "\n");
        Path operator = Files.createDirectories(project.resolve("elsewhere").resolve("ops"));

        Run run = runIn(operator, Map.of("BRIDGE_DATA_DIR", "prod-data", "MAPPINGS_FILE", "../mappings.yaml", "BRIDGE_ROUTES_DIR", "/opt/routes"));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).containsExactly("jdk-25 data=" + operator + "/prod-data mappings=" + operator + "/../mappings.yaml"
                + " routes=/opt/routes");
        Files.writeString(calls, "");
        assertThat(runIn(operator, Map.of()).calls()).as("unset: the bridge's defaults, in run.sh's folder")
                .containsExactly("jdk-25 data= mappings= routes=");
        // a pasted path beginning with a space reaches the bridge as it is, which refuses it (EmbeddedDefaults); made
        // absolute it was taken, a folder named " " where run.sh was started (a config review)
        Files.writeString(calls, "");
        assertThat(runIn(operator, Map.of("BRIDGE_DATA_DIR", " /srv/bridge")).calls()).containsExactly("jdk-25 data= /srv/bridge mappings= routes=");
        // the other spellings the binder takes (review 29: BRIDGE_DATADIR=prod-data put the journal inside the checkout)
        executable(java25, "echo \"jdk-25 data=${BRIDGE_DATADIR:-} mappings=${BRIDGE_MAPPINGS_FILE:-} ${BRIDGE_MAPPINGSFILE:-}"
                + " routes=${BRIDGE_ROUTESDIR:-}\" >> " + calls + "\n");
        Files.writeString(calls, "");
        assertThat(runIn(operator, Map.of("BRIDGE_DATADIR", "prod-data", "BRIDGE_MAPPINGS_FILE", "m.yaml", "BRIDGE_MAPPINGSFILE",
                "/etc/m.yaml", "BRIDGE_ROUTESDIR", "r")).calls()).containsExactly("jdk-25 data=" + operator + "/prod-data mappings="
                + operator + "/m.yaml /etc/m.yaml routes=" + operator + "/r");
        // the same paths as property arguments (the README's --property=value): the journal went inside the checkout
        executable(java25, "echo \"jdk-25 $*\" >> " + calls + "\n");
        Files.writeString(calls, "");
        assertThat(runIn(operator, Map.of(), "--bridge.data-dir=prod-data", "--bridge.mappings-file=../m.yaml",
                "--bridge.routes-dir=/opt/routes", "--server.port=8081").calls())
                .containsExactly("jdk-25 @jvm.options -jar target/bridge.jar --bridge.data-dir=" + operator + "/prod-data"
                        + " --bridge.mappings-file=" + operator + "/../m.yaml --bridge.routes-dir=/opt/routes --server.port=8081");
    }

    /**
     * A checkout the bridge's user cannot write (root's, run by a service user) with only the cache out of date: the jar
     * runs without it. run.sh tried a build at every start, then ended at its note of the failed cache (a redirection
     * refused under set -e), and the bridge never started (a review of the packaging).
     */
    @Test
    void aTargetFolderThisUserCannotWriteRunsTheJarWithoutANewCache() throws Exception {
        executable(project.resolve("bin/mvn"), "echo \"mvn $*\" >> " + calls + "\nexit 1\n");
        built();
        age("jvm.options", 60);
        Path target = project.resolve("target");
        UnwritableFile.make(target);
        try {
            Run run = run(Map.of());
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.output()).contains("this user cannot write target/: starting the jar without the cache");
            assertThat(run.calls()).containsExactly("jdk-25 @jvm.options -jar target/bridge.jar");
        } finally {
            UnwritableFile.undo(target);
        }
    }

    /**
     * An application.yml where the operator stood is read, as the README says ("in the working directory"): run.sh's cd
     * made Spring Boot look in run.sh's folder only, and the bridge started without the operator's file, in demo mode.
     */
    @Test
    void anApplicationYmlWhereRunShWasStartedIsRead() throws Exception {
        built();
        executable(java25, "echo \"jdk-25 pwd=$PWD extra=${SPRING_CONFIG_ADDITIONAL_LOCATION:-}\" >> " + calls + "\n");
        Path operator = Files.createDirectories(project.resolve("elsewhere").resolve("ops"));

        assertThat(runIn(operator, Map.of()).calls()).containsExactly("jdk-25 pwd=" + project + " extra=optional:file:" + operator
                + "/,optional:file:" + operator + "/config/");
        Files.writeString(calls, "");
        assertThat(runIn(operator, Map.of("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:/etc/bridge/extra.yml")).calls())
                .as("the operator's own location last, over it").containsExactly("jdk-25 pwd=" + project + " extra=optional:file:"
                        + operator + "/,optional:file:" + operator + "/config/,file:/etc/bridge/extra.yml");
        Files.writeString(calls, "");
        assertThat(runIn(project, Map.of()).calls()).as("started in its own folder: Spring Boot's defaults")
                .containsExactly("jdk-25 pwd=" + project + " extra=");
    }

    /**
     * A start folder whose path holds what Spring Boot reads as its own syntax in a list of config locations (',' ';'
     * '*') or decodes in a file: URL ('#' '?' '%'): its application.yml was not read (a comma said so), and a '*' or a
     * '%' stopped the start. The location run.sh gives is handed to Spring Boot's own config loading here.
     */
    @Test
    void anApplicationYmlIsReadWhateverTheStartFoldersPathHolds() throws Exception {
        built();
        executable(java25, "printf '%s\\n' \"$SPRING_CONFIG_ADDITIONAL_LOCATION\" >> " + calls + "\n");
        Path odd = Files.createDirectories(project.resolve("a,b;c*d#e%f?g h%41ü${x}"));
        Files.writeString(odd.resolve("application.yml"), "run-sh-test:\n  read: from the start folder\n");
        Path config = Files.createDirectories(odd.resolve("config"));
        Files.writeString(config.resolve("application.yml"), "run-sh-test:\n  config: from its config folder\n");

        List<String> locations = runIn(odd, Map.of()).calls();

        assertThat(locations).hasSize(1);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NothingToConfigure.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties(Map.of("spring.config.additional-location", locations.get(0))).run()) {
            assertThat(context.getEnvironment().getProperty("run-sh-test.read")).as(locations.get(0)).isEqualTo("from the start folder");
            assertThat(context.getEnvironment().getProperty("run-sh-test.config")).isEqualTo("from its config folder");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NothingToConfigure {
    }

    /** validate's --mappings m.new, given where the operator stood, checked the file of that name in run.sh's folder. */
    @Test
    void validatesMappingsPathIsTakenFromWhereRunShWasStarted() throws Exception {
        built();
        Path operator = Files.createDirectories(project.resolve("elsewhere").resolve("ops"));

        Run run = runIn(operator, Map.of(), "validate", "--mappings", "m.new", "--json");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).containsExactly("jdk-25 @jvm.options -jar target/bridge.jar validate --mappings " + operator
                + "/m.new --json");
        Files.writeString(calls, "");
        assertThat(runIn(operator, Map.of(), "validate", "--mappings=../m.new").calls())
                .containsExactly("jdk-25 @jvm.options -jar target/bridge.jar validate --mappings=" + operator + "/../m.new");
        Files.writeString(calls, "");
        assertThat(runIn(operator, Map.of(), "validate", "--mappings", "/etc/bridge/mappings.yaml", "--server.port=8081").calls())
                .as("absolute, and other arguments: as given")
                .containsExactly("jdk-25 @jvm.options -jar target/bridge.jar validate --mappings /etc/bridge/mappings.yaml --server.port=8081");
    }

    @Test
    void aBuiltJarRunsWithoutBuildingAgainWhateverTheTestsSay() throws Exception {
        built();
        age("src/test/java/AppTest.java", 60);

        Run run = run(Map.of("JAVA_OPTS", "-Xmx320m -Dx=y"));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("building");
        assertThat(run.calls()).containsExactly("jdk-25 @jvm.options -Xmx320m -Dx=y -jar target/bridge.jar");
    }

    @Test
    void sourcesSettingsOrTheBuildNewerThanTheJarAreBuiltAgain() throws Exception {
        for (String changed : List.of("src/main/java/App.java", "src/main/java", "pom.xml", "jvm.options", "src/build/find-java.sh")) {
            built();
            age(changed, 60);
            Files.writeString(calls, "");

            Run run = run(Map.of());

            assertThat(run.calls()).as(changed).containsExactly(build(), "jdk-25 @jvm.options -jar target/bridge.jar");
            age(changed, -60);
        }
    }

    @Test
    void aCacheOlderThanTheJarOrMissingIsMadeAgain() throws Exception {
        built();
        age("target/bridge.aot", -10);
        assertThat(run(Map.of()).calls()).first().isEqualTo(build());

        built();
        Files.delete(project.resolve("target/bridge.aot"));
        Files.writeString(calls, "");
        assertThat(run(Map.of()).calls()).first().isEqualTo(build());
    }

    @Test
    void aFailedBuildRunsNothing() throws Exception {
        executable(project.resolve("bin/mvn"), "echo \"mvn $*\" >> " + calls + "\nexit 3\n");

        Run run = run(Map.of());

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.calls()).containsExactly(build());
    }

    /**
     * The build made the jar and failed after it (the AOT training: a JRE without Java's source launcher, a start that
     * failed): the jar runs, slower to start, where the README's first command ended with the build's failure; and the
     * next start does not build again (packaging review).
     */
    @Test
    void aJarBuiltBeforeTheTrainingFailedRuns() throws Exception {
        executable(project.resolve("bin/mvn"), "echo \"mvn $*\" >> " + calls + "\nmkdir -p target\n"
                + "touch -d @" + (BUILT.getEpochSecond() - 5) + " target/bridge.jar\nexit 1\n");

        Run run = run(Map.of());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("run.sh: the build made the jar but failed after it (exit 1; see above): starting the jar without its AOT cache");
        assertThat(run.calls()).containsExactly(build(), "jdk-25 @jvm.options -jar target/bridge.jar");

        // not built again at each start only to fail the same way: minutes each time
        Files.writeString(calls, "");
        run = run(Map.of());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("the AOT cache could not be made with " + java25 + " for this jar (target/bridge.aot.failed; "
                + "delete it to try again): starting without it");
        assertThat(run.calls()).containsExactly("jdk-25 @jvm.options -jar target/bridge.jar");

        // another Java, or an edit of jvm.options, tries again
        Files.writeString(calls, "");
        age("jvm.options", 3_000_000);
        assertThat(run(Map.of()).calls()).first().isEqualTo(build());
    }

    /**
     * A java that is a wrapper or shim (asdf's, mise's, macOS's /usr/bin/java: no Java's home of its own) is taken as the
     * java of the home the JVM names: the cache's Java, named by its real home, never matched the shim's, and every start
     * built the jar again (packaging review).
     */
    @Test
    void aJavaShimIsTakenAsTheJavaItRuns() throws Exception {
        built();
        Path shim = project.resolve("shims/java");
        executable(shim, "case \"$*\" in\n"
                + "  *-XshowSettings:properties*) echo '    java.home = " + java25.getParent().getParent() + "' >&2"
                + "; echo 'openjdk version \"25.0.3\"' >&2 ;;\n"
                + "  -version) echo 'openjdk version \"25.0.3\" 2026-04-21 LTS' >&2 ;;\n"
                + "  *) echo \"shim $*\" >> " + calls + " ;;\n"
                + "esac\n");

        for (Map<String, String> env : List.of(Map.of("JAVA", shim.toString()),
                Map.of("JAVA", "", "PATH", shim.getParent() + ":" + project.resolve("bin") + ":/usr/bin:/bin"))) {
            Files.writeString(calls, "");
            Run run = run(env);
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.output()).as(env.toString()).doesNotContain("building");
            assertThat(run.calls()).as(env.toString()).containsExactly("jdk-25 @jvm.options -jar target/bridge.jar");
        }
    }

    /**
     * A version manager's shim as mise makes it: a symbolic link named java to one program that acts on the name it is
     * called by. Given as JAVA (relative to where run.sh was started) it was resolved to that program, which then was no Java.
     */
    @Test
    void aJavaShimThatIsALinkIsCalledByItsName() throws Exception {
        built();
        Path manager = project.resolve("manager/bin/manager");
        executable(manager, "[ \"$(basename \"$0\")\" = java ] || { echo \"manager: called as $0, no tool of that name\" >&2; exit 1; }\n"
                + "case \"$*\" in\n"
                + "  *-XshowSettings:properties*) echo '    java.home = " + java25.getParent().getParent() + "' >&2"
                + "; echo 'openjdk version \"25.0.3\"' >&2 ;;\n"
                + "  -version) echo 'openjdk version \"25.0.3\" 2026-04-21 LTS' >&2 ;;\n"
                + "  *) echo \"shim $*\" >> " + calls + " ;;\n"
                + "esac\n");
        Path shims = Files.createDirectories(project.resolve("elsewhere/shims"));
        Files.createSymbolicLink(shims.resolve("java"), manager);

        for (String java : List.of("shims/java", shims.resolve("java").toString())) {
            Files.writeString(calls, "");
            Run run = runIn(shims.getParent(), Map.of("JAVA", java));
            assertThat(run.exit()).as(java + ": " + run.output()).isZero();
            assertThat(run.calls()).as(java).containsExactly("jdk-25 @jvm.options -jar target/bridge.jar");
        }
    }

    /**
     * Only the cache out of date (an update of the JDK, an edit of jvm.options) and the build failing (no Maven, no
     * registry): the jar built before runs, slower to start, where the bridge stayed down (packaging review).
     */
    @Test
    void aJarWhoseCacheAloneCannotBeMadeRunsWithoutIt() throws Exception {
        executable(project.resolve("bin/mvn"), "echo \"mvn $*\" >> " + calls + "\nexit 3\n");
        built();
        age("jvm.options", 60);

        Run run = run(Map.of());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("run.sh: the build failed (exit 3; see above); starting the jar built before");
        assertThat(run.calls()).containsExactly(build(), "jdk-25 @jvm.options -jar target/bridge.jar");

        built();
        Files.delete(project.resolve("target/bridge.aot.jvm"));
        Files.delete(project.resolve("bin/mvn"));
        Files.writeString(calls, "");
        Path tools = project.resolve("tools");
        Files.createDirectories(tools);
        for (String tool : List.of("dirname", "readlink", "sed", "find", "cat")) {
            Path installed = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
            Files.createSymbolicLink(tools.resolve(tool), installed.toRealPath());
        }
        run = run(Map.of("PATH", tools.toString()));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("Maven (mvn) is not on the PATH: starting the jar without the cache");
        assertThat(run.calls()).containsExactly("jdk-25 @jvm.options -jar target/bridge.jar");

        Files.delete(project.resolve("target/bridge.jar"));
        run = run(Map.of("PATH", tools.toString()));
        assertThat(run.exit()).as("no jar: nothing to run").isEqualTo(2);
    }

    @Test
    void aCacheMadeByAnotherJavaOrBeforeAnUpdateOfItIsMadeAgainByThisOne() throws Exception {
        built();
        assertThat(run(Map.of()).calls()).as("the cache's own Java").containsExactly("jdk-25 @jvm.options -jar target/bridge.jar");

        for (String stamp : List.of("jdk-25 updated", "jdk-25 missing", "another Java")) {
            built();
            switch (stamp) {
                // the same folder, another build: what an update of the JDK's package leaves
                case "jdk-25 updated" -> Files.writeString(java25.getParent().getParent().resolve("release"),
                        "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"25.0.4+1-test\"\nJAVA_VERSION=\"25.0.4\"\n");
                case "jdk-25 missing" -> Files.delete(project.resolve("target/bridge.aot.jvm"));
                default -> built(fakeJava("jdk-25-other", "25.0.3"));
            }
            Files.writeString(calls, "");

            Run run = run(Map.of());

            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.output()).as(stamp).contains("its AOT cache was made by another Java than " + java25 + ", or before an update of it");
            assertThat(run.calls()).as(stamp).containsExactly(build(), "jdk-25 @jvm.options -jar target/bridge.jar");
            java25 = fakeJava("jdk-25", "25.0.3");
        }
    }

    /**
     * A JAVA relative to where run.sh was started is that one (the script changes to its own folder first: it was looked
     * for there), and the build gets it as its JDK 25 (JAVA25_HOME, where the toolchain plugin looks), unless JAVA25_HOME
     * names one already (packaging review).
     */
    @Test
    void aJavaGivenByJavaIsFoundFromWhereRunShStartedAndIsTheBuildsJdk() throws Exception {
        executable(project.resolve("bin/mvn"), "echo \"mvn JAVA25_HOME=$JAVA25_HOME\" >> " + calls + "\nmkdir -p target\n"
                + "touch -d @" + (BUILT.getEpochSecond() - 5) + " target/bridge.jar\ntouch target/bridge.aot\n");
        String relative = Path.of("/").relativize(java25).toString(); // run() starts run.sh in /

        Run run = run(Map.of("JAVA", relative));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).containsExactly("mvn JAVA25_HOME=" + java25.getParent().getParent().toRealPath(),
                "jdk-25 @jvm.options -jar target/bridge.jar");
        Files.delete(project.resolve("target/bridge.jar"));
        Files.writeString(calls, "");
        assertThat(run(Map.of("JAVA25_HOME", "/opt/jdk-25")).calls()).first().isEqualTo("mvn JAVA25_HOME=/opt/jdk-25");
    }

    /** JAVA was taken unchecked: a Java 17 failed in the AOT training's build at every start (packaging review). */
    @Test
    void aJavaNamedByJavaThatIsNo25IsRefusedSayingSo() throws Exception {
        built();
        Run run = run(Map.of("JAVA", fakeJava("jdk-17", "17.0.15").toString()));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("is no Java 25 or later").contains("set JAVA to the bin/java of a JDK 25");
        assertThat(run.calls()).isEmpty();

        run = run(Map.of("JAVA", "java", "PATH", java25.getParent() + ":" + project.resolve("bin") + ":/usr/bin:/bin"));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).as("a name on the PATH, taken as its path: the cache's Java").containsExactly("jdk-25 @jvm.options -jar target/bridge.jar");
    }

    @Test
    void withoutMavenItSaysWhatToInstall() throws Exception {
        // a PATH with the script's tools but no mvn
        Path tools = Files.createDirectories(project.resolve("tools"));
        for (String tool : List.of("dirname", "readlink", "sed", "find")) {
            Path installed = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
            Files.createSymbolicLink(tools.resolve(tool), installed.toRealPath());
        }

        Run run = run(Map.of("PATH", tools.toString()));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("Maven (mvn, 3.8 or later) is not on the PATH: install it");
        assertThat(run.calls()).isEmpty();
    }

    @Test
    void theJavaIsTheFirstJava25OfJavaHomeAndThePath() throws Exception {
        built();
        Path java17 = fakeJava("jdk-17", "17.0.15");
        Path onPath = fakeJava("jdk-25-on-path", "25.0.1");
        Files.createSymbolicLink(project.resolve("bin/java"), onPath);

        assertThat(run(Map.of("JAVA", "", "JAVA_HOME", java25.getParent().getParent().toString())).calls())
                .as("JAVA_HOME's").containsExactly("jdk-25 @jvm.options -jar target/bridge.jar");
        Files.writeString(calls, "");
        // a Java without a release file is asked for its version
        Path unlabelled = fakeJava("jdk-unlabelled", "25");
        Files.delete(unlabelled.getParent().getParent().resolve("release"));
        executable(unlabelled, "if [ \"$1\" = -version ]; then echo 'openjdk version \"25.0.2\" 2026-01-20' >&2; exit 0; fi\n"
                + "if [ \"$1\" = -XshowSettings:properties ]; then echo '    java.home = " + unlabelled.getParent().getParent()
                + "' >&2; exit 0; fi\n"
                + "echo \"jdk-unlabelled $*\" >> " + calls + "\n");
        built(unlabelled);
        assertThat(run(Map.of("JAVA", "", "JAVA_HOME", unlabelled.getParent().getParent().toString())).calls())
                .as("JAVA_HOME's, without a release file").containsExactly("jdk-unlabelled @jvm.options -jar target/bridge.jar");
        Files.writeString(calls, "");
        built(onPath);
        assertThat(run(Map.of("JAVA", "", "JAVA_HOME", java17.getParent().getParent().toString())).calls())
                .as("a Java 17 at JAVA_HOME is passed over for the PATH's 25 (a link, as Debian's alternatives are)")
                .containsExactly("jdk-25-on-path @jvm.options -jar target/bridge.jar");
    }
}
