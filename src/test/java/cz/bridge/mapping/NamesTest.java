package cz.bridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The near-miss suggestions of mappings.yaml's findings ("did you mean …"). */
class NamesTest {

    @Test
    void aNearMissIsSuggested() {
        assertThat(Names.closest("Obed", List.of("Oběd", "Ready", "Logout"))).isEqualTo("Oběd");
        assertThat(Names.closest("Redy", List.of("Oběd", "Ready", "Logout"))).isEqualTo("Ready");
        assertThat(Names.closest("Something else", List.of("Oběd", "Ready"))).isNull();
    }

    /**
     * Past 128 characters only a loose match (case, spaces, accents) is suggested, no edit distance: its table for two
     * names of 8,000 characters was 256 MB, and the shipped heap's OutOfMemoryError ended the JVM (FailedStartIT).
     */
    @Test
    void longNamesAreComparedLooselyOnly() {
        String longName = "a".repeat(200);
        assertThat(Names.closest(longName.toUpperCase(), List.of(longName))).isEqualTo(longName);
        assertThat(Names.closest(longName + "b", List.of(longName + "c"))).as("one letter apart, but past the length").isNull();
        assertThat(Names.closest("b".repeat(8_000), List.of("a".repeat(8_000)))).isNull();
    }
}
