package cz.bridge.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing a rule found in a mappings file (see {@link MappingsRules}), or the validator in Daktela's pauses.
 *
 * @param rule    a stable identifier of the rule (e.g. {@code reason-id-duplicate}), for scripts and tests
 * @param message what is wrong, naming the values involved
 * @param fix     what to change, as exactly as the validator can say it
 */
public record Finding(Severity severity, String rule, Where where, String message, String fix) {

    public static Finding error(String rule, Where where, String message, String fix) {
        return new Finding(Severity.ERROR, rule, where, message, fix);
    }

    public static Finding warning(String rule, Where where, String message, String fix) {
        return new Finding(Severity.WARNING, rule, where, message, fix);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line for a log or a health detail: where, what, and the fix. */
    public String text() {
        return where.text() + ": " + message + (fix == null ? "" : "; fix: " + fix);
    }

    /** The JSON shape of a finding (the command's --json and the actuator endpoint). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("severity", severity.name());
        json.put("rule", rule);
        json.put("where", where.text());
        json.put("line", where.line());
        json.put("section", where.section());
        json.put("row", where.row());
        json.put("name", where.name());
        json.put("field", where.field());
        json.put("message", message);
        json.put("fix", fix);
        return json;
    }
}
