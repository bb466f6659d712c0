package cz.bridge.monitoring;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;

/** Jolokia without its policy file would allow everything: with Jolokia on, a policy location naming no file stops the start. */
class JolokiaPolicyPresentTest {

    private void check(String location) throws Exception {
        MockEnvironment env = new MockEnvironment();
        if (location != null) {
            env.setProperty("management.endpoint.jolokia.config.policyLocation", location);
        }
        new ManagementSecurity().jolokiaPolicyPresent(env, new DefaultResourceLoader()).afterPropertiesSet();
    }

    @Test
    void theBridgesOwnPolicyFileIsFound() {
        assertThatCode(() -> check("classpath:/jolokia-access.xml")).doesNotThrowAnyException();
    }

    @Test
    void aMissingPolicyFileStopsTheStartSayingWhatToSet() {
        for (String location : new String[] {"classpath:/jolokia-acess.xml", "file:/nonexistent/jolokia-access.xml", "", null}) {
            assertThatThrownBy(() -> check(location)).as(String.valueOf(location)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("management.endpoint.jolokia.config.policyLocation")
                    .hasMessageContaining("management.endpoint.jolokia.access=none");
        }
    }
}
