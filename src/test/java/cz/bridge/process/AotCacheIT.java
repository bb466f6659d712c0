package cz.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The AOT cache that 'mvn package' trains (src/build/AotTraining.java) serves the packaged jar with the shipped
 * settings. A JVM that cannot use its cache starts without it, only slower, so a cache that is missing, stale or
 * made with other settings would pass every other test: with -XX:AOTMode=on the JVM refuses to start instead.
 */
class AotCacheIT {

    @Test
    void theShippedSettingsRunThePackagedJarFromItsAotCache() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("jvm.options").toAbsolutePath(), "-XX:AOTMode=on", "-jar", BridgeProcess.jar().toString(),
                "validate", "--mappings", "mappings.yaml").redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("mappings.yaml is valid").doesNotContain("AOT cache");
        } finally {
            process.destroyForcibly();
        }
    }
}
