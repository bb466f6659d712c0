package cz.bridge.logging;

import java.util.HexFormat;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The one way text from outside is made safe for one log line or broker header: cut to a bound (the cut marked), then
 * control, line-break and invisible format characters escaped (the list and why: docs/security.md, "Logs keep their
 * shape"). As logback's %m/%msg/%message (logback-spring.xml) it escapes every log message; stack traces, printed by
 * their own converter, keep their lines. (Names.yaml quotes for YAML, whose rules differ.)
 */
public class OneLine extends MessageConverter {

    private static final HexFormat HEX = HexFormat.of();

    @Override
    public String convert(ILoggingEvent event) {
        return escape(super.convert(event));
    }

    /**
     * The text escaped, in at most max characters: when that is too long, the start of the text, cut
     * between whole characters and escapes, with a marker saying how long the text was. Bounded after
     * escaping, as an escape is up to six characters for one. Null stays null.
     */
    public static String of(String text, int max) {
        // escaping never shortens: a text longer than max is cut without escaping all of it first
        if (text == null || text.length() <= max) {
            String escaped = escape(text);
            if (escaped == null || escaped.length() <= max) {
                return escaped;
            }
        }
        String marker = "... [cut, " + text.length() + " characters in all]";
        if (marker.length() >= max) {
            return marker.substring(0, Math.max(0, max));
        }
        int budget = max - marker.length();
        int keep = 0;
        for (int used = 0; keep < text.length(); keep++) {
            char c = text.charAt(keep);
            // by position: a surrogate is escaped by the code point it is half of, or always when alone
            used += !needsEscapeAt(text, keep) ? 1 : c == '\n' || c == '\r' || c == '\t' ? 2 : 6;
            if (used > budget) {
                break;
            }
        }
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return escape(text.substring(0, keep)) + marker;
    }

    /** A text of several lines (a report, a parser's message with a caret line) as one, its lines joined by single spaces. */
    public static String joined(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** 'text', escaped, so that a trailing space or a tab shows; "null" for null. */
    public static String quoted(String text) {
        // bounded: a value quoted in a message comes from outside (a mappings file's 200 kB name in each of a hundred findings)
        return text == null ? "null" : "'" + of(text, QUOTED_MAX) + "'";
    }

    /** Characters of a value {@link #quoted} shows at most. */
    static final int QUOTED_MAX = 200;

    /**
     * A value for a key=value field of a log line (user=, pause=, state=): as it is when it is one word (a
     * login, a code, an id), else in double quotes with '"' and '\' escaped, as logfmt writes it, so that a
     * pause or state name with a space ("Krátká pauza") reads as one field, to a person and to a log
     * parser, and a value cannot pose as further fields ("x event=LOGOUT"). "null" for null.
     */
    public static String field(String value) {
        if (value == null) {
            return "null";
        }
        // on every accepted and delivered event's line: a plain scan, nothing allocated for one word
        boolean oneWord = !value.isEmpty();
        for (int i = 0; oneWord && i < value.length(); i++) {
            char c = value.charAt(i);
            oneWord = c != ' ' && c != '=' && c != '"';
        }
        return oneWord ? value : '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static String escape(String text) {
        if (text == null) {
            return null;
        }
        // every log line passes here: a plain scan, and nothing allocated when there is nothing to escape
        int first = 0;
        while (first < text.length() && !needsEscapeAt(text, first)) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscapeAt(text, i)) {
                        out.append("\\u").append(HEX.toHexDigits(c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Whether the character at i is escaped: a surrogate by the code point it is half of (invisible
     * format characters lie beyond the first 65,536 too, such as the tags U+E0000-E007F), a lone one always.
     */
    private static boolean needsEscapeAt(String text, int i) {
        char c = text.charAt(i);
        if (!Character.isSurrogate(c)) {
            return needsEscape(c);
        }
        int codePoint = Character.isHighSurrogate(c)
                ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) ? Character.toCodePoint(c, text.charAt(i + 1)) : -1
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1)) ? Character.toCodePoint(text.charAt(i - 1), c) : -1;
        return codePoint < 0 || needsEscape(codePoint);
    }

    private static boolean needsEscape(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (Character.isSpaceChar(c) && c != ' ')
                || c > 0x7f && Character.getType(c) == Character.FORMAT;
    }
}
