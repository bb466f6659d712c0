package cz.bridge.mapping;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import cz.bridge.logging.OneLine;

/** Comparing and showing names: near misses, lists, YAML scalars (quoting for a message: OneLine.quoted). */
public final class Names {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACE = Pattern.compile("[\\s\\p{Z}]+");
    private static final Pattern PLAIN_YAML = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_.\\- ]*");
    private static final List<String> YAML_WORDS = List.of("null", "~", "true", "false", "yes", "no", "on", "off", "y", "n");

    private Names() {
    }

    /** The name with case, diacritics (NFD, marks stripped) and all white space taken out. */
    public static String loose(String s) {
        return withoutSpace(withoutMarks(s)).toLowerCase(Locale.ROOT);
    }

    static String withoutMarks(String s) {
        return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
    }

    static String withoutSpace(String s) {
        return SPACE.matcher(s).replaceAll("");
    }

    /** Two different names that are the same but for case, diacritics and white space. */
    public static boolean nearMiss(String a, String b) {
        return a != null && b != null && !a.equals(b) && loose(a).equals(loose(b));
    }

    /** In words, how two near-miss names differ: "case", "diacritics", "white space". */
    public static String differences(String a, String b) {
        List<String> kinds = new ArrayList<>();
        if (!withoutSpace(withoutMarks(a)).equals(withoutSpace(withoutMarks(b)))) {
            kinds.add("case");
        }
        if (!nfcLower(withoutSpace(a)).equals(nfcLower(withoutSpace(b)))) {
            kinds.add("diacritics");
        }
        if (!withoutMarks(a).toLowerCase(Locale.ROOT).equals(withoutMarks(b).toLowerCase(Locale.ROOT))) {
            kinds.add("white space");
        }
        if (kinds.isEmpty()) {
            kinds.add("Unicode normalisation");
        }
        return kinds.size() == 1 ? kinds.get(0)
                : String.join(", ", kinds.subList(0, kinds.size() - 1)) + " and " + kinds.get(kinds.size() - 1);
    }

    private static String nfcLower(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /**
     * Names longer than this are compared loosely only (case, spaces, accents), not by edit distance: its table grows
     * with the product of the two lengths, and two names of 8,000 characters in mappings.yaml took 256 MB, past the
     * heap (the JVM exits at an OutOfMemoryError) at every start. A state's or pause's name is far shorter.
     */
    static final int MAX_EDITED_LENGTH = 128;

    /** The candidate closest to the name: a near miss, or at most a few typing errors away; null if none is close. */
    public static String closest(String name, Collection<String> candidates) {
        if (name == null) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String looseName = loose(name);
        for (String candidate : candidates) {
            if (candidate == null || candidate.equals(name)) {
                continue;
            }
            String looseCandidate = loose(candidate);
            int distance = looseName.equals(looseCandidate) ? 0
                    : looseName.length() > MAX_EDITED_LENGTH || looseCandidate.length() > MAX_EDITED_LENGTH ? Integer.MAX_VALUE
                    : 1 + distance(looseName, looseCandidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        int allowed = 1 + Math.max(1, Math.min(looseName.length(), best == null ? 0 : loose(best).length()) / 4);
        return bestDistance <= allowed ? best : null;
    }

    /** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The value as a YAML flow scalar: plain when that reads back as the same string, else double-quoted (YAML's escapes, not OneLine's). */
    public static String yaml(String s) {
        if (s == null) {
            return "null";
        }
        if (PLAIN_YAML.matcher(s).matches() && !s.endsWith(" ") && !YAML_WORDS.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\t' -> q.append("\\t");
                case '\n' -> q.append("\\n");
                default -> {
                    if (Character.isISOControl(c)) {
                        q.append(String.format("\\u%04X", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    /** a, b and c */
    public static String list(Collection<String> items, int max) {
        List<String> quoted = items.stream().map(OneLine::quoted).toList();
        if (quoted.size() > max) {
            return String.join(", ", quoted.subList(0, max)) + " and " + (quoted.size() - max) + " more";
        }
        return String.join(", ", quoted);
    }
}
