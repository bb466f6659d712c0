package cz.bridge.mapping;

import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cz.bridge.logging.OneLine;

/**
 * Where a finding stands: the line of mappings.yaml, the section and row (1-based) with the
 * row's name, and the field. Any part may be null; a finding about Daktela has section
 * {@value #DAKTELA} and the pause name as its name.
 *
 * @param line    line of mappings.yaml, or null when the finding is about something missing
 * @param section externalStates, employeeStates or daktela
 * @param row     the row within the section, counted from 1
 * @param name    the row's name (for daktela: the pause name)
 * @param field   the field to change
 */
public record Where(Integer line, String section, Integer row, String name, String field) {

    public static final String EXTERNAL_STATES = "externalStates";
    public static final String EMPLOYEE_STATES = "employeeStates";
    public static final String DAKTELA = "daktela";

    /** At the field's line where the row takes several lines (block style), else at the row's. */
    public static Where externalState(ExternalState state, String field) {
        return new Where(state.lineOf(field), EXTERNAL_STATES, state.row(), state.name(), field);
    }

    public static Where employeeState(EmployeeState state, String field) {
        return new Where(state.lineOf(field), EMPLOYEE_STATES, state.row(), state.name(), field);
    }

    public static Where line(Integer line) {
        return new Where(line, null, null, null, null);
    }

    public Where atLine(int line) {
        return new Where(line, section, row, name, field);
    }

    public Where withField(String field) {
        return new Where(line, section, row, name, field);
    }

    public static Where section(String section) {
        return new Where(null, section, null, null, null);
    }

    public static Where daktelaPause(String pauseName) {
        return new Where(null, DAKTELA, null, pauseName, "name");
    }

    /** For a person: {@code line 12, externalStates row 6 (Oběd), reasonCode}. */
    public String text() {
        if (DAKTELA.equals(section)) {
            return "Daktela pause " + OneLine.quoted(name);
        }
        String text = Stream.of(line == null ? null : "line " + line,
                        section == null ? null : section + (row == null ? "" : " row " + row) + (name == null ? "" : " (" + OneLine.of(name, 80) + ")"),
                        field)
                .filter(Objects::nonNull).collect(Collectors.joining(", "));
        return text.isEmpty() ? "file" : text;
    }
}
