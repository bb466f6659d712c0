package cz.bridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one way outside text is made safe for a log line or a header. */
class OneLineTest {

    @Test
    void lineBreaksControlCharactersAndOddSpacesAreEscaped() {
        assertThat(OneLine.of("a\r\nb\tc\u001b[2K\u0000d\u2028e\u00a0f g", 100)).isEqualTo("a\\r\\nb\\tc\\u001b[2K\\u0000d\\u2028e\\u00a0f g");
        assertThat(OneLine.quoted("Lunch\t")).isEqualTo("'Lunch\\t'");
        // a right-to-left override would show the rest of the line reversed; a zero-width space hides
        assertThat(OneLine.of("abc\u202Edef\u200Bg\uFEFF", 100)).isEqualTo("abc\\u202edef\\u200bg\\ufeff");
        assertThat(OneLine.of("Dvořák Oběd", 100)).isEqualTo("Dvořák Oběd");
        // invisible tag characters (U+E0041, beyond the first 65,536) and a lone surrogate; an emoji stays
        assertThat(OneLine.of("tag\uDB40\uDC41x \uD800y \uD83D\uDE00", 100)).isEqualTo("tag\\udb40\\udc41x \\ud800y \uD83D\uDE00");
        assertThat(OneLine.quoted(null)).isEqualTo("null");
        assertThat(OneLine.of(null, 10)).isNull();
    }

    @Test
    void aFieldValueIsOneWordOrQuoted() {
        assertThat(OneLine.field("jnovak")).isEqualTo("jnovak");
        assertThat(OneLine.field("Oběd")).isEqualTo("Oběd");
        assertThat(OneLine.field("Krátká pauza")).isEqualTo("\"Krátká pauza\"");
        assertThat(OneLine.field("x event=LOGOUT")).isEqualTo("\"x event=LOGOUT\"");
        assertThat(OneLine.field("a=b")).isEqualTo("\"a=b\"");
        assertThat(OneLine.field("say \"hi\" C:\\x")).isEqualTo("\"say \\\"hi\\\" C:\\\\x\"");
        assertThat(OneLine.field("")).isEqualTo("\"\"");
        assertThat(OneLine.field(null)).isEqualTo("null");
    }

    @Test
    void aLongTextIsCutFirstWithItsLengthSaid() {
        String cut = OneLine.of("x".repeat(5000) + "\n", 128);
        assertThat(cut).hasSize(128).endsWith("... [cut, 5001 characters in all]").doesNotContain("\n");
        assertThat(OneLine.of("x".repeat(128), 128)).isEqualTo("x".repeat(128));
    }

    @Test
    void theBoundHoldsForTheEscapedTextAndNoEscapeIsCutInTwo() {
        // 100 characters, each written as a six-character escape: 600 before the bound
        String cut = OneLine.of("\u001b".repeat(100), 128);
        assertThat(cut).hasSizeLessThanOrEqualTo(128).endsWith("... [cut, 100 characters in all]")
                .startsWith("\\u001b".repeat(15)).doesNotContain("\u001b");
        assertThat(cut.substring(0, cut.indexOf("..."))).matches("(\\\\u001b)+");
        assertThat(OneLine.of("ab\ncd", 6)).isEqualTo("ab\\ncd").hasSize(6);
        assertThat(OneLine.of("x".repeat(50), 10)).as("a bound shorter than the marker").hasSize(10);
        assertThat(OneLine.of("\uD83D\uDE00".repeat(40), 60)).hasSizeLessThanOrEqualTo(60)
                .doesNotContain("\\ud83d").endsWith("... [cut, 80 characters in all]");
    }

    /**
     * Surrogates escaped by the code point they are half of (the invisible tag characters), or lone ones, were counted as
     * one character each where they are written as six: a 300-character bound let 1,640 through (a review of the intake:
     * an id of tag characters quoted in a 400 and the log).
     */
    @Test
    void theBoundHoldsForEscapedSurrogates() {
        assertThat(OneLine.of("\uDB40\uDC41".repeat(300), 300)).hasSizeLessThanOrEqualTo(300)
                .startsWith("\\udb40\\udc41").endsWith("... [cut, 600 characters in all]");
        assertThat(OneLine.of("\uD800".repeat(600), 300)).hasSizeLessThanOrEqualTo(300).startsWith("\\ud800")
                .endsWith("... [cut, 600 characters in all]");
    }
}
