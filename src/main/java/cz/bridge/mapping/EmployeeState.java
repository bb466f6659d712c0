package cz.bridge.mapping;

import java.util.List;
import java.util.Map;

/** An AristoTelos employee state and the external states that end it; line, row and fieldLines as in {@link ExternalState}. */
public record EmployeeState(String name, String abbreviation, List<String> terminatingStates, int line, int row,
                            Map<String, Integer> fieldLines) {

    /** The line the field is written on, or the row's first line. */
    public int lineOf(String field) {
        return fieldLines.getOrDefault(field, line);
    }
}
