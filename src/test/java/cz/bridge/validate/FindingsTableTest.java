package cz.bridge.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FindingsTableTest {

    @Test
    void cellsWrapBetweenWordsWithinTheirWidth() {
        assertThat(FindingsTable.wrap("set code to Login, Logout, Ready or NotReady", 16))
                .containsExactly("set code to", "Login, Logout,", "Ready or", "NotReady");
        assertThat(FindingsTable.wrap("short", 16)).containsExactly("short");
        assertThat(FindingsTable.wrap("", 16)).containsExactly("");
        assertThat(FindingsTable.wrap("aaaa bbbb   ", 16)).containsExactly("aaaa bbbb");
    }

    @Test
    void aWordLongerThanTheWidthIsCut() {
        assertThat(FindingsTable.wrap("see externalStates[12].reasonCode now", 10))
                .containsExactly("see", "externalSt", "ates[12].r", "easonCode", "now");
    }
}
