package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Transitive libraries with known vulnerabilities are overridden in pom.xml; this fails if a
 * dependency update brings an older one back onto the classpath the bridge runs with.
 */
class DependencyVersionsTest {

    @ParameterizedTest(name = "{0} >= {1} ({2})")
    @CsvSource({
            "org.apache.commons.beanutils.BeanUtils, 1.11.0, CVE-2025-48734",
            "org.apache.commons.lang3.StringUtils, 3.18.0, CVE-2025-48924",
    })
    void vulnerableVersionsAreNotOnTheClasspath(String className, String fixedIn, String cve) throws Exception {
        String version = Class.forName(className).getPackage().getImplementationVersion();
        assertThat(version).as("version of %s (from its jar's manifest)", className).isNotNull();
        assertThat(Arrays.compare(numbers(version), numbers(fixedIn))).as("%s %s: %s is fixed in %s", className, version, cve, fixedIn)
                .isGreaterThanOrEqualTo(0);
    }

    private static int[] numbers(String version) {
        return Arrays.stream(version.split("[.-]")).takeWhile(part -> part.matches("\\d+")).mapToInt(Integer::parseInt).toArray();
    }
}
