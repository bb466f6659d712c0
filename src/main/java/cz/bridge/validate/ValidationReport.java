package cz.bridge.validate;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cz.bridge.mapping.Finding;
import cz.bridge.mapping.Where;

/**
 * What the validation of one mappings file found.
 *
 * @param findings errors first, then warnings; within each, in the order of the file, Daktela's pauses last
 * @param daktela  the comparison with Daktela, or null when it was not asked for
 */
public record ValidationReport(Path file, List<Finding> findings, DaktelaCheck daktela) {

    /**
     * The comparison with Daktela's pauses.
     *
     * @param url     DAKTELA_URL as configured
     * @param pauses  how many pauses Daktela listed, or null when they could not be read
     * @param problem why Daktela could not be checked (naming what to fix), or null
     */
    public record DaktelaCheck(String url, Integer pauses, String problem) {

        public boolean checked() {
            return problem == null;
        }
    }

    private static final Comparator<Finding> ORDER = Comparator
            .comparing(Finding::severity)
            .thenComparing(f -> Where.DAKTELA.equals(f.where().section()))
            .thenComparing(f -> f.where().line(), Comparator.nullsFirst(Comparator.naturalOrder()));

    public ValidationReport {
        findings = findings.stream().sorted(ORDER).toList();
    }

    public long errors() {
        return findings.stream().filter(Finding::isError).count();
    }

    public long warnings() {
        return findings.size() - errors();
    }

    /** Daktela was asked for but could not be checked: the result is incomplete. */
    public boolean incomplete() {
        return daktela != null && !daktela.checked();
    }

    public ValidationReport withDaktelaProblem(String url, String problem) {
        return new ValidationReport(file, findings, new DaktelaCheck(url, null, problem));
    }

    /**
     * errors, incomplete (no error in the file, but Daktela could not be checked), or ok. Errors first: a file that could
     * not be parsed was not compared with Daktela either, and was reported as Daktela's problem (exit 2) rather than as
     * errors to fix (1), which a CI step reads as "usage or connection problem".
     */
    public String status() {
        return errors() > 0 ? "errors" : incomplete() ? "incomplete" : "ok";
    }

    /** 0 no errors (warnings allowed), 1 errors found, 2 no errors but Daktela could not be checked. */
    public int exitCode() {
        return errors() > 0 ? ValidateCommand.ERRORS : incomplete() ? ValidateCommand.PROBLEM : ValidateCommand.OK;
    }

    /** One line for a person. */
    public String summary() {
        String counts = count(errors(), "error") + ", " + count(warnings(), "warning");
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (errors() > 0) {
            return counts + ": fix the errors in " + name + ", then validate again";
        }
        if (incomplete()) {
            return counts + "; not compared with Daktela, which could not be read";
        }
        return counts + ": " + name + " is valid" + (daktela == null ? "" : " and matches Daktela's pauses");
    }

    private static String count(long n, String what) {
        return (n == 0 ? "no" : String.valueOf(n)) + " " + what + (n == 1 ? "" : "s");
    }

    /** The JSON shape (the command's --json and the actuator endpoint). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file.toAbsolutePath().normalize().toString());
        json.put("status", status());
        json.put("valid", errors() == 0);
        json.put("errors", errors());
        json.put("warnings", warnings());
        if (daktela != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("url", daktela.url());
            d.put("checked", daktela.checked());
            d.put("pauses", daktela.pauses());
            d.put("problem", daktela.problem());
            json.put("daktela", d);
        }
        json.put("findings", findings.stream().map(Finding::toJson).toList());
        json.put("summary", summary());
        return json;
    }
}
