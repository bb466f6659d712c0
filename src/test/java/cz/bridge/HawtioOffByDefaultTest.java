package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Without the Spring profile hawtio, neither Hawtio nor Jolokia is served (HawtioConsoleTest has it on);
 * Hawtio's paths still ask for the management login first.
 */
class HawtioOffByDefaultTest extends BridgeIntegrationTest {

    @Test
    void neitherHawtioNorJolokiaIsServed() {
        for (String path : List.of("/actuator/hawtio", "/actuator/hawtio/", "/actuator/hawtio/index.html",
                "/actuator/hawtio/jolokia/version", "/actuator/jolokia", "/actuator/jolokia/version")) {
            // Hawtio's paths ask for the login (ManagementSecurity matches them by path), Jolokia's are simply not there
            assertThat(management("GET", path, null, false).statusCode()).as("no login: " + path).isIn(401, 404);
            var withLogin = management("GET", path, null, true);
            assertThat(withLogin.statusCode()).as("login: " + path).isEqualTo(404);
        }
        var post = management("POST", "/actuator/jolokia", "{\"type\":\"version\"}", true);
        assertThat(post.statusCode()).as(post.body()).isEqualTo(404);
        assertThat(management("GET", "/actuator", null, true).body()).doesNotContain("hawtio", "jolokia");
    }
}
