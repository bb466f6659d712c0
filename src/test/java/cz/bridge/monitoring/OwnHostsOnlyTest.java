package cz.bridge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which Host names the management port answers to (the requests themselves: ManagementSafetyTest). */
class OwnHostsOnlyTest {

    @Test
    void ipAddressesAndLocalhostAlwaysOtherNamesOnlyWhenListed() {
        OwnHostsOnly none = new OwnHostsOnly(List.of());
        for (String own : List.of("localhost", "LocalHost", "localhost.", "status.localhost", "127.0.0.1", "10.1.2.3", "[::1]",
                "::1", "[fe80::1]", "")) {
            assertThat(none.allows(own)).as(own).isTrue();
        }
        for (String other : List.of("bridge", "rebind.evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "1.2.3.4.5",
                "[::1]evil", "evil-localhost")) {
            assertThat(none.allows(other)).as(other).isFalse();
        }
        OwnHostsOnly listed = new OwnHostsOnly(List.of(" bridge:9090", "Prometheus.Example.", ""));
        assertThat(listed.allows("bridge")).isTrue();
        assertThat(listed.allows("prometheus.example")).isTrue();
        assertThat(listed.allows("other")).isFalse();
        assertThat(new OwnHostsOnly(List.of("*")).allows("anything.example")).isTrue();
    }
}
