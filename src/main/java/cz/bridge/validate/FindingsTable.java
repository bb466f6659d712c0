package cz.bridge.validate;

import java.util.List;
import java.util.stream.IntStream;

import cz.bridge.mapping.Finding;
import org.apache.commons.text.WordUtils;

/**
 * A validation report as an aligned text table for a person: severity, where, finding, fix;
 * long cells wrap within their column. Ends with the summary line.
 */
public final class FindingsTable {

    public static final int DEFAULT_WIDTH = 120;
    private static final String GAP = "  ";
    private static final String[] HEADERS = {"SEVERITY", "WHERE", "FINDING", "FIX"};

    private FindingsTable() {
    }

    public static String render(ValidationReport report, int width) {
        StringBuilder out = new StringBuilder();
        out.append("Validated ").append(report.file().toAbsolutePath().normalize());
        ValidationReport.DaktelaCheck daktela = report.daktela();
        if (daktela != null) {
            out.append(daktela.checked()
                    ? " against Daktela at " + daktela.url() + " (" + daktela.pauses() + " pauses)"
                    : " (Daktela at " + daktela.url() + " could not be checked)");
        }
        out.append('\n').append('\n');
        if (!report.findings().isEmpty()) {
            table(report.findings(), Math.max(width, 60), out);
            out.append('\n');
        }
        if (report.incomplete()) {
            out.append("Daktela could not be checked: ").append(daktela.problem()).append('\n');
        }
        out.append("Result: ").append(report.summary()).append('\n');
        return out.toString();
    }

    private static void table(List<Finding> findings, int width, StringBuilder out) {
        List<String[]> rows = findings.stream()
                .map(f -> new String[] {f.severity().name(), f.where().text(), f.message(), f.fix() == null ? "" : f.fix()}).toList();
        int severity = HEADERS[0].length();
        int where = Math.min(32, Math.max(HEADERS[1].length(), rows.stream().mapToInt(row -> row[1].length()).max().orElse(0)));
        int rest = width - severity - where - 3 * GAP.length();
        int finding = Math.max(20, rest * 11 / 20);
        int fix = Math.max(20, rest - finding);
        int[] widths = {severity, where, finding, fix};

        line(HEADERS, widths, out);
        line(new String[] {"-".repeat(severity), "-".repeat(where), "-".repeat(finding), "-".repeat(fix)}, widths, out);
        for (String[] row : rows) {
            line(row, widths, out);
        }
    }

    /** One table row; cells wrap, so a row may take several lines. */
    private static void line(String[] cells, int[] widths, StringBuilder out) {
        List<List<String>> wrapped = IntStream.range(0, cells.length).mapToObj(i -> wrap(cells[i], widths[i])).toList();
        int height = wrapped.stream().mapToInt(List::size).max().orElse(1);
        for (int l = 0; l < height; l++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                String part = l < wrapped.get(i).size() ? wrapped.get(i).get(l) : "";
                line.append(part);
                if (i < cells.length - 1) {
                    line.append(" ".repeat(widths[i] - part.length())).append(GAP);
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** Word wrap; a word longer than the width is cut. */
    static List<String> wrap(String text, int width) {
        return List.of(WordUtils.wrap(text.stripTrailing(), width, "\n", true).split("\n", -1));
    }
}
